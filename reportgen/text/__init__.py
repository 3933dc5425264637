"""The open texts (survey comments, complaint descriptions): segmentation, topics, keywords, sentiment."""
