"""The Piper voice's own process: `python piper_worker.py` (run as a script: it imports nothing of the
pipeline) reads a JSON job on stdin, writes one WAV a text and prints nothing on success.

It runs apart from the pipeline because piper-tts (its espeak-ng phonemiser) is GPL-3.0: the
pipeline (MIT) only talks to it through a pipe and files, as it talks to Festival.

Job: {"model": path, "config": path, "out": folder, "texts": {"<i>": text, ...}, "threads": n,
"patched": path or null} -> <out>/<i>.wav, mono 16-bit at the voice's rate. `patched` is where the
model with noise inputs is kept (with a .json of its noise inputs beside it), so that later runs
load it as it is, without the onnx package (0.5 s and 130 MB less a process).

Determinism: Piper's VITS graph draws its noise with RandomNormalLike, whose generator is seeded
once per process and advances with every call, so the same text would sound a little different
in each build. Here each RandomNormalLike(x) is replaced, at load, by a slice of a noise input
shaped like x, and that noise is drawn from a generator seeded with the text's phoneme ids: the
same sentence gives the same samples in any batch, any order, any process, and the voice keeps
its natural variation (no zeroed noise scales).

Speed: the vocoder (HiFi-GAN, `/dec/`: three quarters of the time, in its 1-D convolutions) is
rewritten at load to work on 2-D tensors of height 1, so onnxruntime runs its convolutions with its
blocked-layout (NCHWc) kernels: the same samples (to float rounding), a tenth less CPU.

Pronunciations: a respelling arrives marked as `⟦polly-new-ROP-a-thee⟧`; each syllable is
phonemised by espeak-ng alone, the syllables are joined into one word, and the primary stress
goes on the syllable in capitals (the first if none is), handed to Piper as raw phonemes.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import wave
from pathlib import Path
from typing import Any

RESPELLING = re.compile(r"⟦([^⟧]*)⟧(['’]s\b)?")  # with a possessive 's, which joins the word
STRESS = "ˈˌ"
VOWELS = set("aeiouyæɐɑɒɔəɚɛɜɝɞɘɵɤɨɪʊʉʌʏœøᵻ")
FRAMES_PER_ID = 12  # first guess at the longest a phoneme id lasts, in frames of the prior's noise (retried larger)
UNKNOWN_CHANNELS = 8  # noise channels where shape inference cannot tell (the duration predictor's are 2)


def _noise_inputs(model_path: str, decoder_2d: bool = True) -> tuple[bytes, list[tuple[str, int, bool]]]:
    """The model with each RandomNormalLike replaced by a slice of a new input (and its decoder on 2-D
    tensors, unless not `decoder_2d`); (name, channels, per_frame) of each noise input."""
    import onnx
    from onnx import TensorProto, helper, shape_inference

    model = onnx.load(model_path)
    shapes = {
        v.name: [d.dim_value if d.HasField("dim_value") else None for d in v.type.tensor_type.shape.dim]
        for v in shape_inference.infer_shapes(model).graph.value_info
    }
    graph = model.graph
    found: list[tuple[str, int, bool]] = []
    nodes = []
    for node in graph.node:
        if node.op_type != "RandomNormalLike":
            nodes.append(node)
            continue
        (x,) = node.input
        (y,) = node.output
        dims = shapes.get(x) or [None, None, None]
        if len(dims) != 3:
            raise RuntimeError(f"unexpected noise of rank {len(dims)} in the voice model")
        name = f"noise_{len(found)}"
        # the duration predictor's noise follows the phoneme ids; the prior's, the frames
        per_frame = "/dp/" not in x and not x.startswith("dp")
        found.append((name, dims[1] or UNKNOWN_CHANNELS, per_frame))
        graph.input.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, None, None]))
        nodes += [
            helper.make_node("Shape", [x], [f"{name}_shape"]),
            helper.make_node("Constant", [], [f"{name}_zeros"], value=helper.make_tensor(f"{name}_z", TensorProto.INT64, [3], [0, 0, 0])),
            helper.make_node("Slice", [name, f"{name}_zeros", f"{name}_shape"], [y]),
        ]
    del graph.node[:]
    graph.node.extend(nodes)
    if decoder_2d:
        _decoder_in_2d(graph)
    return model.SerializeToString(), found


DECODER = "/dec/"
DECODER_OPS = {"Conv", "ConvTranspose", "LeakyRelu", "Add", "Sub", "Mul", "Div", "Tanh", "Constant"}


def _decoder_in_2d(graph: Any) -> None:
    """The vocoder's nodes on [N, C, 1, T] instead of [N, C, T]: 1-D kernels become 1 x K, one Unsqueeze
    where a tensor enters it and one Squeeze where one leaves. Left as it is when the graph has no
    such decoder or holds anything whose meaning depends on the rank (then only slower)."""
    import numpy as np
    from onnx import helper, numpy_helper

    dec = [node for node in graph.node if node.name.startswith(DECODER)]
    weights = {init.name: init for init in graph.initializer}
    convs = [node for node in dec if node.op_type in ("Conv", "ConvTranspose")]
    if not convs or any(node.op_type not in DECODER_OPS for node in dec):
        return
    if any(node.input[1] not in weights or len(weights[node.input[1]].dims) != 3 for node in convs):
        return
    made = {out for node in dec for out in node.output}
    outside = [node for node in graph.node if not node.name.startswith(DECODER)]
    entering = {name for node in dec for name in node.input if name and name not in made and name not in weights}
    leaving = {name for node in outside for name in node.input if name in made} | {out.name for out in graph.output if out.name in made}
    four = {name: f"{name}/2d" for name in entering | leaving}
    axes = "dec_2d_axes"
    graph.initializer.append(numpy_helper.from_array(np.array([2], dtype=np.int64), axes))
    for node in convs:
        weight = weights[node.input[1]]
        graph.initializer.remove(weight)
        graph.initializer.append(numpy_helper.from_array(numpy_helper.to_array(weight)[:, :, None, :], weight.name))
        for attribute in node.attribute:
            values = list(attribute.ints)
            if attribute.name in ("kernel_shape", "dilations", "strides", "output_padding"):
                values = [1 if attribute.name != "output_padding" else 0, *values]
            elif attribute.name == "pads":
                values = [0, values[0], 0, values[1]]
            else:
                continue
            del attribute.ints[:]
            attribute.ints.extend(values)
    nodes = []
    for node in graph.node:
        if not node.name.startswith(DECODER):
            nodes.append(node)
            continue
        for name in node.input:
            if name in entering:
                nodes.append(helper.make_node("Unsqueeze", [name, axes], [four[name]], name=f"{DECODER}unsqueeze_{len(nodes)}"))
                entering.discard(name)  # once, before its first use
        outputs = list(node.output)
        for field in (node.input, node.output):
            names = [four.get(name, name) for name in field]
            del field[:]
            field.extend(names)
        nodes.append(node)
        for name in outputs:
            if name in leaving:
                nodes.append(helper.make_node("Squeeze", [four[name], axes], [name], name=f"{DECODER}squeeze_{len(nodes)}"))
    del graph.node[:]
    graph.node.extend(nodes)
    shapes = [info for info in graph.value_info if info.name not in made]  # their rank changed: inferred again
    del graph.value_info[:]
    graph.value_info.extend(shapes)


def _patched(model_path: str, keep: Path | None) -> tuple[bytes | str, list[tuple[str, int, bool]]]:
    """The model with noise inputs (its bytes, or the path of the kept file, which onnxruntime reads
    without a copy in Python): from `keep` when a run already made it and it checks, else made (and
    kept there). The .json beside it, written last, holds the noise inputs and the model's length
    and SHA-256: a model cut short on a shared folder is said, deleted and made again."""
    import hashlib
    import os

    noises_file = keep.with_suffix(".json") if keep else None
    if keep and noises_file and keep.is_file() and noises_file.is_file():
        try:
            record = json.loads(noises_file.read_text("utf-8"))
            whole = keep.stat().st_size == record["bytes"] and hashlib.sha256(keep.read_bytes()).hexdigest() == record["sha256"]
        except (OSError, ValueError, KeyError, TypeError):
            record, whole = None, False
        if whole and isinstance(record, dict):
            return str(keep), [(str(n), int(c), bool(f)) for n, c, f in record["noises"]]
        why = "its length or SHA-256 is not what was written"
        print(f"warning: cache entry {keep} is damaged: {why}; deleted, it is made again", file=sys.stderr)
        for path in (noises_file, keep):
            path.unlink(missing_ok=True)
    model, noises = _noise_inputs(model_path)
    if keep and noises_file:
        record = {"noises": noises, "bytes": len(model), "sha256": hashlib.sha256(model).hexdigest()}
        try:
            keep.parent.mkdir(parents=True, exist_ok=True)
            for path, data in ((keep, model), (noises_file, json.dumps(record).encode("utf-8"))):
                part = path.with_name(f".{path.name}.{os.getpid()}.part")
                part.write_bytes(data)
                os.replace(part, path)  # atomic on one disk: a killed run leaves no half model
        except OSError:
            pass  # a read-only cache: made again next time
    return model, noises


class Engine:
    def __init__(self, model_path: str, config_path: str, threads: int = 0, patched: str | None = None) -> None:
        import tempfile

        import onnxruntime
        from piper import PiperConfig, PiperVoice
        from piper.voice import ESPEAK_DATA_DIR

        model, self.noises = _patched(model_path, Path(patched) if patched else None)
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        options.intra_op_num_threads = threads  # 0: onnxruntime's choice
        options.enable_mem_pattern = False  # shapes change with every sentence: planning for one only holds memory
        self.session = onnxruntime.InferenceSession(model, sess_options=options, providers=["CPUExecutionProvider"])
        del model
        config = PiperConfig.from_dict(json.loads(Path(config_path).read_text("utf-8")))
        # Piper's phonemiser and id map, around our session (whose noise is an input)
        self.voice = PiperVoice(self.session, config, espeak_data_dir=Path(ESPEAK_DATA_DIR), download_dir=Path(tempfile.gettempdir()))
        self.rate = config.sample_rate
        self.scales = [config.noise_scale, config.length_scale, config.noise_w_scale]

    def respell(self, respelling: str, possessive: bool = False) -> str:
        """`polly-new-ROP-a-thee` -> `[[ pˌɑːlinuːɹˈɑːpɐðiː ]]`: one word, stressed where the capitals are
        (with `possessive`, its 's as English says it: /ɪz/ after a hiss, /s/ after a voiceless sound, else /z/)."""
        syllables = [s for s in re.split(r"[-\s]+", respelling) if s]
        if not syllables:
            return ""
        stressed = next((i for i, s in enumerate(syllables) if s.isupper() and len(s) > 1), None)
        if stressed is None:
            stressed = next((i for i, s in enumerate(syllables) if s.isupper()), 0)
        out = []
        for i, syllable in enumerate(syllables):
            if syllable.lower() in ("a", "uh") and i != stressed:
                out.append("ə")  # a lone unstressed vowel is a schwa, not the letter's name
                continue
            sounds = "".join(p for sentence in self.voice.phonemize(syllable.lower()) for p in sentence)
            sounds = "".join(ch for ch in sounds if ch not in STRESS and not ch.isspace() and ch not in ".,;:!?")
            if syllable.lower().startswith("th") and sounds.startswith("ð"):
                sounds = "θ" + sounds[1:]  # respellings write "th" for the sound in "thin"
            if i == stressed:
                at = next((k for k, ch in enumerate(sounds) if ch in VOWELS), 0)
                sounds = sounds[:at] + "ˈ" + sounds[at:]
            out.append(sounds)
        word = "".join(out)
        if possessive:
            word += "ɪz" if word.endswith(tuple("szʃʒ")) else "s" if word.endswith(tuple("ptkfθ")) else "z"
        return "[[ " + word + " ]]"

    def audio(self, text: str) -> bytes:
        """16-bit mono samples of `text`, each sentence peak-normalised as Piper does."""
        import numpy as np

        text = RESPELLING.sub(lambda m: self.respell(m.group(1), possessive=bool(m.group(2))), text)
        pcm = bytearray()
        for phonemes in self.voice.phonemize(text):
            if not phonemes:
                continue
            ids = self.voice.phonemes_to_ids(phonemes)
            samples = self._run(ids)
            peak = float(np.max(np.abs(samples))) if samples.size else 0.0
            samples = samples / peak if peak > 1e-8 else np.zeros_like(samples)
            pcm += (np.clip(samples, -1.0, 1.0) * 32767).astype("<i2").tobytes()
        return bytes(pcm)

    def _run(self, ids: list[int]) -> Any:
        import numpy as np

        array = np.array([ids], dtype=np.int64)
        seed = int.from_bytes(hashlib.sha256(array.tobytes()).digest()[:8], "little")
        frames = FRAMES_PER_ID * len(ids) + 200
        for _ in range(3):
            rng = np.random.default_rng(seed)
            feed: dict[str, Any] = {
                "input": array,
                "input_lengths": np.array([len(ids)], dtype=np.int64),
                "scales": np.array(self.scales, dtype=np.float32),
            }
            for name, channels, per_frame in self.noises:
                feed[name] = rng.standard_normal((1, channels, frames if per_frame else len(ids)), dtype=np.float32)
            try:
                return self.session.run(None, feed)[0].squeeze()
            except Exception as exc:  # the noise was shorter than the speech (shapes disagree): draw a longer one
                failure = exc
                frames *= 4
        raise RuntimeError(f"the voice model would not speak {len(ids)} phoneme ids: {failure}")


def main() -> int:
    job = json.load(sys.stdin)
    engine = Engine(job["model"], job["config"], int(job.get("threads", 0)), job.get("patched"))
    out = Path(job["out"])
    for i, text in job["texts"].items():
        with wave.open(str(out / f"{i}.wav"), "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(engine.rate)
            wav.writeframes(engine.audio(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
