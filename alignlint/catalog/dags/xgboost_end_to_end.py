"""The end-to-end XGBoost pipeline: load, preprocess, train, evaluate, calibrate, register.

Node names are the step types of the specifications the nodes use.
"""

from __future__ import annotations

from alignlint.runtime.dag import PipelineDAG


def create_xgboost_end_to_end_dag() -> PipelineDAG:
    """Training and calibration data paths joined at evaluation, ending in registration."""
    dag = PipelineDAG()
    dag.add_node("CsvDataLoading_Training")
    dag.add_node("TabularPreprocessing_Training")
    dag.add_node("XGBoostTraining")
    dag.add_node("CsvDataLoading_Calibration")
    dag.add_node("TabularPreprocessing_Calibration")
    dag.add_node("XGBoostModelEval")
    dag.add_node("ModelCalibration")
    dag.add_node("Package")
    dag.add_node("Payload")
    dag.add_node("ModelRegistration")

    dag.add_edge("CsvDataLoading_Training", "TabularPreprocessing_Training")
    dag.add_edge("TabularPreprocessing_Training", "XGBoostTraining")
    dag.add_edge("CsvDataLoading_Calibration", "TabularPreprocessing_Calibration")
    dag.add_edge("XGBoostTraining", "XGBoostModelEval")
    dag.add_edge("TabularPreprocessing_Calibration", "XGBoostModelEval")
    dag.add_edge("XGBoostModelEval", "ModelCalibration")
    dag.add_edge("XGBoostTraining", "Package")
    dag.add_edge("ModelCalibration", "Package")
    dag.add_edge("XGBoostTraining", "Payload")
    dag.add_edge("Package", "ModelRegistration")
    dag.add_edge("Payload", "ModelRegistration")
    dag.add_edge("XGBoostModelEval", "ModelRegistration")
    return dag
