package io.managedobjects.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains invalid managed-objects settings at startup: what is wrong and which property to set. */
class ManagedObjectsFailureAnalyzer extends AbstractFailureAnalyzer<ManagedObjectsConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ManagedObjectsConfigurationException cause) {
        return new FailureAnalysis(cause.getMessage(), cause.getAction(), cause);
    }
}
