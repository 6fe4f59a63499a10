"""Each catalogue script's ``main`` runs on small generated data, wired as SageMaker would.

Container paths come from each step's contract, re-rooted in a temporary folder; where SageMaker
would pack ``/opt/ml/model`` into ``model.tar.gz`` and download it into a processing input, the
tests do the same with :func:`pack_training_model`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pandas as pd
import pytest
from conftest import ContainerPaths

from alignlint.catalog.contracts.csv_data_loading_contract import CSV_DATA_LOADING_CONTRACT
from alignlint.catalog.contracts.dummy_training_contract import DUMMY_TRAINING_CONTRACT
from alignlint.catalog.contracts.model_calibration_contract import MODEL_CALIBRATION_CONTRACT
from alignlint.catalog.contracts.package_contract import PACKAGE_CONTRACT
from alignlint.catalog.contracts.payload_contract import PAYLOAD_CONTRACT
from alignlint.catalog.contracts.tabular_preprocessing_contract import (
    TABULAR_PREPROCESSING_CONTRACT,
)
from alignlint.catalog.contracts.xgboost_model_eval_contract import XGBOOST_MODEL_EVAL_CONTRACT
from alignlint.catalog.contracts.xgboost_training_contract import XGBOOST_TRAINING_CONTRACT
from alignlint.catalog.scripts import (
    csv_data_loading,
    dummy_training,
    model_calibration,
    package,
    payload,
    tabular_preprocessing,
    xgboost_model_eval,
    xgboost_training,
)


def copy_into(source: str | Path, target: str) -> None:
    """Stand-in for SageMaker downloading an upstream output into an input directory."""
    shutil.copytree(source, target, dirs_exist_ok=True)


def pack_training_model(model_dir: str, target_dir: str) -> None:
    """Pack ``/opt/ml/model`` into ``model.tar.gz`` inside ``target_dir``, as SageMaker does."""
    Path(target_dir).mkdir(parents=True, exist_ok=True)
    with tarfile.open(Path(target_dir) / "model.tar.gz", "w:gz") as tar:
        for path in sorted(Path(model_dir).iterdir()):
            tar.add(path, arcname=path.name)


def load_data(raw_csv_dir: Path, container_paths: ContainerPaths, job_type: str) -> str:
    """Run CsvDataLoading on the raw CSV folder; returns the DATA output folder."""
    inputs, outputs = container_paths(CSV_DATA_LOADING_CONTRACT, f"load_{job_type}")
    csv_data_loading.main(
        inputs,
        outputs,
        {"DATA_SOURCE_URI": str(raw_csv_dir)},
        argparse.Namespace(job_type=job_type),
    )
    return outputs["DATA"]


def preprocess(data_dir: str, container_paths: ContainerPaths, job_type: str) -> str:
    """Run TabularPreprocessing on a DATA folder; returns the processed_data folder."""
    inputs, outputs = container_paths(TABULAR_PREPROCESSING_CONTRACT, f"pre_{job_type}")
    copy_into(data_dir, inputs["DATA"])
    tabular_preprocessing.main(
        inputs, outputs, {"LABEL_FIELD": "label"}, argparse.Namespace(job_type=job_type)
    )
    return outputs["processed_data"]


def train(processed_dir: str, container_paths: ContainerPaths) -> str:
    """Run XGBoostTraining on a training processed_data folder; returns the model folder."""
    inputs, outputs = container_paths(XGBOOST_TRAINING_CONTRACT, "train")
    copy_into(processed_dir, inputs["training_data"])
    xgboost_training.main(
        inputs, outputs, {"LABEL_FIELD": "label", "NUM_ROUND": "10"}, argparse.Namespace()
    )
    return outputs["model_output"]


@pytest.fixture
def trained_model(raw_csv_dir: Path, container_paths: ContainerPaths) -> str:
    """A model trained through load -> preprocess -> train."""
    data_dir = load_data(raw_csv_dir, container_paths, "training")
    return train(preprocess(data_dir, container_paths, "training"), container_paths)


@pytest.fixture
def calibration_data(raw_csv_dir: Path, container_paths: ContainerPaths) -> str:
    """The processed_data folder of the calibration job type."""
    data_dir = load_data(raw_csv_dir, container_paths, "calibration")
    return preprocess(data_dir, container_paths, "calibration")


@pytest.fixture
def evaluation(
    trained_model: str, calibration_data: str, container_paths: ContainerPaths
) -> dict[str, str]:
    """The outputs of XGBoostModelEval on the calibration data."""
    inputs, outputs = container_paths(XGBOOST_MODEL_EVAL_CONTRACT, "eval")
    pack_training_model(trained_model, inputs["model_input"])
    copy_into(calibration_data, inputs["processed_data"])
    xgboost_model_eval.main(
        inputs, outputs, {"LABEL_FIELD": "label"}, argparse.Namespace(job_type="calibration")
    )
    return outputs


def test_csv_data_loading_concatenates_csv_files_and_writes_metadata(
    raw_csv_dir: Path, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(CSV_DATA_LOADING_CONTRACT, "load")
    metadata = csv_data_loading.main(
        inputs,
        outputs,
        {"DATA_SOURCE_URI": str(raw_csv_dir)},
        argparse.Namespace(job_type="training"),
    )
    frame = pd.read_csv(Path(outputs["DATA"]) / "training_data.csv")
    assert len(frame) == 240
    assert list(frame.columns) == ["f1", "f2", "colour", "label"]
    written = json.loads((Path(outputs["METADATA"]) / "metadata.json").read_text())
    assert written == metadata
    assert written["row_count"] == 240
    assert written["source_file_count"] == 2
    assert [column["name"] for column in written["columns"]] == ["f1", "f2", "colour", "label"]


def test_csv_data_loading_reads_a_single_file(
    raw_csv_dir: Path, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(CSV_DATA_LOADING_CONTRACT, "load")
    source = str(raw_csv_dir / "part_a.csv")
    metadata = csv_data_loading.main(
        inputs, outputs, {"DATA_SOURCE_URI": source}, argparse.Namespace(job_type="calibration")
    )
    assert metadata["row_count"] == 120
    assert (Path(outputs["DATA"]) / "calibration_data.csv").is_file()


@pytest.mark.parametrize(
    ("uri", "message"),
    [
        ("", "DATA_SOURCE_URI is empty: set it to a CSV file, directory or s3:// prefix"),
        ("/no/such/place", "DATA_SOURCE_URI '/no/such/place' does not exist"),
    ],
)
def test_csv_data_loading_rejects_a_bad_source(
    uri: str, message: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(CSV_DATA_LOADING_CONTRACT, "load")
    with pytest.raises((ValueError, FileNotFoundError)) as error:
        csv_data_loading.main(
            inputs, outputs, {"DATA_SOURCE_URI": uri}, argparse.Namespace(job_type="training")
        )
    assert str(error.value) == message


def test_csv_data_loading_rejects_a_folder_without_csv(
    tmp_path: Path, container_paths: ContainerPaths
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    inputs, outputs = container_paths(CSV_DATA_LOADING_CONTRACT, "load")
    with pytest.raises(FileNotFoundError) as error:
        csv_data_loading.main(
            inputs,
            outputs,
            {"DATA_SOURCE_URI": str(empty)},
            argparse.Namespace(job_type="training"),
        )
    assert str(error.value) == f"no CSV files found at DATA_SOURCE_URI '{empty}'"


def test_split_s3_uri() -> None:
    assert csv_data_loading.split_s3_uri("s3://bucket/a/b") == ("bucket", "a/b")
    with pytest.raises(ValueError, match="names no S3 bucket"):
        csv_data_loading.split_s3_uri("s3:///key")


def test_tabular_preprocessing_splits_training_data(
    raw_csv_dir: Path, container_paths: ContainerPaths
) -> None:
    data_dir = load_data(raw_csv_dir, container_paths, "training")
    inputs, outputs = container_paths(TABULAR_PREPROCESSING_CONTRACT, "pre")
    copy_into(data_dir, inputs["DATA"])
    counts = tabular_preprocessing.main(
        inputs, outputs, {"LABEL_FIELD": "label"}, argparse.Namespace(job_type="training")
    )
    assert counts == {"train": 168, "val": 36, "test": 36}
    processed = Path(outputs["processed_data"])
    for split, rows in counts.items():
        frame = pd.read_csv(processed / split / f"{split}_processed_data.csv")
        assert len(frame) == rows
        assert frame.isna().sum().sum() == 0
        assert set(frame["colour"]) <= {0, 1, 2}


def test_tabular_preprocessing_keeps_other_job_types_whole(
    raw_csv_dir: Path, container_paths: ContainerPaths
) -> None:
    data_dir = load_data(raw_csv_dir, container_paths, "testing")
    inputs, outputs = container_paths(TABULAR_PREPROCESSING_CONTRACT, "pre")
    copy_into(data_dir, inputs["DATA"])
    counts = tabular_preprocessing.main(
        inputs,
        outputs,
        {"LABEL_FIELD": "label", "TRAIN_RATIO": "0.5"},
        argparse.Namespace(job_type="testing"),
    )
    assert counts == {"testing": 240}
    assert sorted(p.name for p in Path(outputs["processed_data"]).iterdir()) == ["testing"]


def test_tabular_preprocessing_names_a_missing_label(
    raw_csv_dir: Path, container_paths: ContainerPaths
) -> None:
    data_dir = load_data(raw_csv_dir, container_paths, "training")
    inputs, outputs = container_paths(TABULAR_PREPROCESSING_CONTRACT, "pre")
    copy_into(data_dir, inputs["DATA"])
    with pytest.raises(KeyError) as error:
        tabular_preprocessing.main(
            inputs, outputs, {"LABEL_FIELD": "target"}, argparse.Namespace(job_type="training")
        )
    assert error.value.args[0] == (
        "LABEL_FIELD 'target' is not a column of the input data; "
        "columns are ['colour', 'f1', 'f2', 'label']"
    )


def test_tabular_preprocessing_rejects_bad_ratios(container_paths: ContainerPaths) -> None:
    inputs, outputs = container_paths(TABULAR_PREPROCESSING_CONTRACT, "pre")
    with pytest.raises(ValueError) as error:
        tabular_preprocessing.main(
            inputs,
            outputs,
            {"LABEL_FIELD": "label", "TRAIN_RATIO": "1.5"},
            argparse.Namespace(job_type="training"),
        )
    assert str(error.value) == "TRAIN_RATIO (1.5) and TEST_VAL_RATIO (0.5) must lie in (0, 1)"


def test_xgboost_training_saves_model_and_metadata(trained_model: str) -> None:
    model_dir = Path(trained_model)
    assert sorted(p.name for p in model_dir.iterdir()) == [
        "model_metadata.json",
        "xgboost_model.json",
    ]
    metadata = json.loads((model_dir / "model_metadata.json").read_text())
    assert metadata["feature_columns"] == ["f1", "f2", "colour"]
    assert metadata["label_field"] == "label"
    assert metadata["num_round"] == 10


def test_xgboost_training_rejects_non_binary_labels(
    tmp_path: Path, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(XGBOOST_TRAINING_CONTRACT, "train")
    for split in ("train", "val"):
        folder = Path(inputs["training_data"]) / split
        folder.mkdir(parents=True)
        pd.DataFrame({"x": [1.0, 2.0, 3.0], "label": [0, 1, 2]}).to_csv(
            folder / "part.csv", index=False
        )
    with pytest.raises(ValueError) as error:
        xgboost_training.main(inputs, outputs, {"LABEL_FIELD": "label"}, argparse.Namespace())
    assert str(error.value) == "train labels must be 0 or 1 for binary:logistic, found [2]"


def test_xgboost_model_eval_writes_predictions_and_metrics(evaluation: dict[str, str]) -> None:
    predictions = pd.read_csv(Path(evaluation["eval_output"]) / "eval_predictions.csv")
    assert list(predictions.columns) == ["label", "prob"]
    assert len(predictions) == 240
    assert predictions["prob"].between(0.0, 1.0).all()
    metrics = json.loads((Path(evaluation["metrics_output"]) / "metrics.json").read_text())
    quality = metrics["binary_classification_metrics"]
    assert sorted(quality) == ["accuracy", "auc", "log_loss"]
    assert quality["auc"]["value"] > 0.8
    assert quality["auc"]["standard_deviation"] == "NaN"
    assert metrics["job_type"] == "calibration"
    assert metrics["row_count"] == 240


def test_xgboost_model_eval_reads_an_unpacked_model(
    trained_model: str, calibration_data: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(XGBOOST_MODEL_EVAL_CONTRACT, "eval")
    copy_into(trained_model, inputs["model_input"])
    copy_into(calibration_data, inputs["processed_data"])
    metrics = xgboost_model_eval.main(
        inputs, outputs, {"LABEL_FIELD": "label"}, argparse.Namespace(job_type="testing")
    )
    assert metrics["row_count"] == 240


def test_extract_archive_refuses_members_outside_the_target(tmp_path: Path) -> None:
    evil = tmp_path / "evil.txt"
    evil.write_text("x")
    archive = tmp_path / "model.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(evil, arcname="../evil.txt")
    target = tmp_path / "out"
    target.mkdir()
    with pytest.raises(ValueError) as error:
        xgboost_model_eval.extract_archive(archive, target)
    assert str(error.value) == f"refusing unsafe archive member '../evil.txt' in {archive}"


@pytest.mark.parametrize("method", ["isotonic", "platt"])
def test_model_calibration_fits_each_method(
    method: str, evaluation: dict[str, str], container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(MODEL_CALIBRATION_CONTRACT, "calibrate")
    copy_into(evaluation["eval_output"], inputs["evaluation_data"])
    description = model_calibration.main(
        inputs,
        outputs,
        {"LABEL_FIELD": "label", "CALIBRATION_METHOD": method},
        argparse.Namespace(),
    )
    saved = json.loads((Path(outputs["calibration_output"]) / "calibration_model.json").read_text())
    assert saved == description
    assert saved["method"] == method
    assert saved["score_field"] == "prob"
    calibrated = pd.read_csv(Path(outputs["calibrated_data"]) / "calibrated_predictions.csv")
    assert list(calibrated.columns) == ["label", "prob", "calibrated_prob"]
    assert calibrated["calibrated_prob"].between(0.0, 1.0).all()
    if method == "isotonic":
        assert saved["x_thresholds"] == sorted(saved["x_thresholds"])
        assert saved["y_thresholds"] == sorted(saved["y_thresholds"])
        assert saved["brier_after"] <= saved["brier_before"]
    else:
        assert saved["coefficient"] > 0


def test_model_calibration_rejects_an_unknown_method(container_paths: ContainerPaths) -> None:
    inputs, outputs = container_paths(MODEL_CALIBRATION_CONTRACT, "calibrate")
    with pytest.raises(ValueError) as error:
        model_calibration.main(
            inputs,
            outputs,
            {"LABEL_FIELD": "label", "CALIBRATION_METHOD": "beta"},
            argparse.Namespace(),
        )
    assert str(error.value) == (
        "CALIBRATION_METHOD must be one of ('isotonic', 'platt'), got 'beta'"
    )


def test_package_bundles_model_and_calibration(
    trained_model: str, evaluation: dict[str, str], container_paths: ContainerPaths
) -> None:
    calib_inputs, calib_outputs = container_paths(MODEL_CALIBRATION_CONTRACT, "calibrate")
    copy_into(evaluation["eval_output"], calib_inputs["evaluation_data"])
    model_calibration.main(
        calib_inputs, calib_outputs, {"LABEL_FIELD": "label"}, argparse.Namespace()
    )

    inputs, outputs = container_paths(PACKAGE_CONTRACT, "package")
    pack_training_model(trained_model, inputs["model_input"])
    copy_into(calib_outputs["calibration_output"], inputs["calibration_model"])
    members = package.main(inputs, outputs, {}, argparse.Namespace())
    assert members == [
        "calibration/calibration_model.json",
        "model_metadata.json",
        "xgboost_model.json",
    ]
    with tarfile.open(Path(outputs["packaged_model"]) / "model.tar.gz") as tar:
        assert sorted(tar.getnames()) == members


def test_package_without_calibration_input(
    trained_model: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(PACKAGE_CONTRACT, "package")
    copy_into(trained_model, inputs["model_input"])
    members = package.main(inputs, outputs, {}, argparse.Namespace())
    assert members == ["model_metadata.json", "xgboost_model.json"]


def test_package_rejects_an_empty_model_input(container_paths: ContainerPaths) -> None:
    inputs, outputs = container_paths(PACKAGE_CONTRACT, "package")
    Path(inputs["model_input"]).mkdir(parents=True)
    with pytest.raises(FileNotFoundError) as error:
        package.main(inputs, outputs, {}, argparse.Namespace())
    assert str(error.value) == f"model_input directory {inputs['model_input']} is missing or empty"


def test_payload_writes_one_sample_per_content_type(
    trained_model: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(PAYLOAD_CONTRACT, "payload")
    pack_training_model(trained_model, inputs["model_input"])
    names = payload.main(inputs, outputs, {"DEFAULT_NUMERIC_VALUE": "1.5"}, argparse.Namespace())
    assert names == ["payload_text_csv.csv", "payload_application_json.json"]
    with tarfile.open(Path(outputs["payload_sample"]) / "payload.tar.gz") as tar:
        csv_member = tar.extractfile("payload_text_csv.csv")
        json_member = tar.extractfile("payload_application_json.json")
        assert csv_member is not None and json_member is not None
        assert csv_member.read().decode() == "1.5,1.5,1.5\n"
        assert json.loads(json_member.read()) == {
            "instances": [{"f1": 1.5, "f2": 1.5, "colour": 1.5}]
        }


def test_payload_rejects_unsupported_content_types(
    trained_model: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(PAYLOAD_CONTRACT, "payload")
    copy_into(trained_model, inputs["model_input"])
    with pytest.raises(ValueError) as error:
        payload.main(inputs, outputs, {"CONTENT_TYPES": "text/csv,image/png"}, argparse.Namespace())
    assert str(error.value) == (
        "CONTENT_TYPES must list some of ('text/csv', 'application/json'), got ['image/png']"
    )


def test_dummy_training_copies_the_pretrained_archive(
    trained_model: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(DUMMY_TRAINING_CONTRACT, "dummy")
    pack_training_model(trained_model, inputs["pretrained_model_path"])
    copied = dummy_training.main(inputs, outputs, {}, argparse.Namespace())
    assert copied == Path(outputs["model_output"]) / "model.tar.gz"
    source = Path(inputs["pretrained_model_path"]) / "model.tar.gz"
    assert copied.read_bytes() == source.read_bytes()


def test_dummy_training_needs_exactly_one_archive(
    trained_model: str, container_paths: ContainerPaths
) -> None:
    inputs, outputs = container_paths(DUMMY_TRAINING_CONTRACT, "dummy")
    pack_training_model(trained_model, inputs["pretrained_model_path"])
    pack_training_model(trained_model, str(Path(inputs["pretrained_model_path"]) / "older"))
    with pytest.raises(FileNotFoundError) as error:
        dummy_training.main(inputs, outputs, {}, argparse.Namespace())
    assert str(error.value) == (
        f"expected exactly one .tar.gz model archive under {inputs['pretrained_model_path']}, "
        "found ['model.tar.gz', 'older/model.tar.gz']"
    )


def test_dummy_training_rejects_a_file_that_is_not_a_tar_archive(
    container_paths: ContainerPaths,
) -> None:
    inputs, outputs = container_paths(DUMMY_TRAINING_CONTRACT, "dummy")
    folder = Path(inputs["pretrained_model_path"])
    folder.mkdir(parents=True)
    (folder / "model.tar.gz").write_text("not a tar file")
    with pytest.raises(ValueError) as error:
        dummy_training.main(inputs, outputs, {}, argparse.Namespace())
    assert str(error.value) == f"{folder / 'model.tar.gz'} is not a valid tar archive"


SCRIPTS_DIR = Path(csv_data_loading.__file__).parent


@pytest.mark.parametrize(
    "script",
    sorted(path.name for path in SCRIPTS_DIR.glob("*.py") if path.name != "__init__.py"),
)
def test_script_main_block_parses_its_command_line(script: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SCRIPTS_DIR / script), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: ")
