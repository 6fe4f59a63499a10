"""Load, preprocess and train: the smallest useful pipeline."""

from __future__ import annotations

from alignlint.runtime.dag import PipelineDAG


def create_training_dag() -> PipelineDAG:
    dag = PipelineDAG()
    dag.add_node("CsvDataLoading_Training")
    dag.add_node("TabularPreprocessing_Training")
    dag.add_node("XGBoostTraining")
    dag.add_edge("CsvDataLoading_Training", "TabularPreprocessing_Training")
    dag.add_edge("TabularPreprocessing_Training", "XGBoostTraining")
    return dag
