package io.ottplatform.recommender.serving;

/** A row of rec_models: what an arm serves and the offline metric it was promoted on. */
public record ServingModel(String modelVersion, String runId, String metricName, double metricValue) {}
