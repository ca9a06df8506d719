package io.managedobjects.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Asserts that a context fails to start with a failure analysis that names the problem and the fix. */
final class StartupFailures {

    private StartupFailures() {
    }

    /**
     * Runs a context that must fail, and checks the analysis of its failure.
     *
     * @param runner the runner, with the bad settings
     * @param description a part of the analysis's description
     * @param action a part of the analysis's action
     */
    static void assertAnalysis(ApplicationContextRunner runner, String description, String action) {
        runner.run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new ManagedObjectsFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains(description);
            assertThat(analysis.getAction()).contains(action);
        });
    }
}
