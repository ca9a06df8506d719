package io.managedobjects.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@SpringBootTest(properties = "demo.workers=4")
@ExtendWith(OutputCaptureExtension.class)
class DemoApplicationTest {

    @Test
    void workerProcessesAppendToOneSharedListAndTheMainProcessPrintsTheCount(CapturedOutput output) {
        assertThat(output.getOut()).contains("List: 4");
    }
}
