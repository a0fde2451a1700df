"""A tiny, randomly initialised conformer in the layout of a released PaddleSpeech model.

Its transcripts are meaningless; it exists so CI and the benchmark can drive the real
PaddleSpeech loading and decoding path without the 500 MB `conformer_wenetspeech` download.
The layout mirrors the release: `model.yaml` at the top, the checkpoint under `exp/`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

# A few hundred common characters keep the output layer realistic but small.
_CHARS = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动"
    "同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自"
    "二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
    "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变"
    "条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "项目经验团队负责用户需求数据增长提升产品市场销售客户沟通协调沟计划完成结果挑战"
)


def tiny_vocabulary() -> list[str]:
    seen: dict[str, None] = {}
    for ch in _CHARS:
        seen.setdefault(ch, None)
    return ["<blank>", "<unk>", *seen, "<eos>"]


def tiny_config(vocab_size: int) -> dict:
    return {
        "input_dim": 80,
        "output_dim": vocab_size,
        "cmvn_file": None,
        "cmvn_file_type": "json",
        "encoder": "conformer",
        "encoder_conf": {
            "output_size": 16,
            "attention_heads": 2,
            "linear_units": 32,
            "num_blocks": 1,
            "dropout_rate": 0.0,
            "positional_dropout_rate": 0.0,
            "attention_dropout_rate": 0.0,
            "input_layer": "conv2d",
            "normalize_before": True,
            "use_cnn_module": True,
            "cnn_module_kernel": 3,
            "cnn_module_norm": "layer_norm",
            "activation_type": "swish",
            "pos_enc_layer_type": "rel_pos",
            "selfattention_layer_type": "rel_selfattn",
        },
        "decoder": "transformer",
        "decoder_conf": {
            "attention_heads": 2,
            "linear_units": 32,
            "num_blocks": 1,
            "dropout_rate": 0.0,
            "positional_dropout_rate": 0.0,
            "self_attention_dropout_rate": 0.0,
            "src_attention_dropout_rate": 0.0,
        },
        "model_conf": {"ctc_weight": 0.3, "lsm_weight": 0.1, "length_normalized_loss": False},
        "unit_type": "char",
        # Relative, as in a training recipe: the engine resolves it against the model dir.
        "vocab_filepath": "data/lang_char/vocab.txt",
        "spm_model_prefix": "",
        "preprocess_config": {
            "process": [
                {
                    "type": "fbank_kaldi",
                    "fs": 16000,
                    "n_mels": 80,
                    "n_shift": 160,
                    "win_length": 400,
                    "dither": 0.0,
                }
            ]
        },
        "decode": {
            "decoding_method": "attention_rescoring",
            "beam_size": 4,
            "ctc_weight": 0.5,
            "decoding_chunk_size": -1,
            "num_decoding_left_chunks": -1,
            "simulate_streaming": False,
            "reverse_weight": 0.0,
        },
    }


def build_tiny_conformer(dirpath: str | Path, seed: int = 7) -> str:
    """Write model.yaml, a char vocabulary and a random checkpoint; return the directory."""
    import paddle

    from scoring.speech.asr import prepare_paddlespeech

    prepare_paddlespeech()
    from paddlespeech.s2t.models.u2 import U2Model

    root = Path(dirpath)
    vocab = tiny_vocabulary()
    config = tiny_config(len(vocab))
    vocab_path = root / config["vocab_filepath"]
    vocab_path.parent.mkdir(parents=True, exist_ok=True)
    vocab_path.write_text("".join(f"{tok}\n" for tok in vocab), encoding="utf-8")
    (root / "model.yaml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    paddle.seed(seed)
    model = U2Model.from_config(config)
    ckpt = root / "exp" / "conformer" / "checkpoints" / "tiny.pdparams"
    ckpt.parent.mkdir(parents=True, exist_ok=True)
    paddle.save(model.state_dict(), str(ckpt))
    return str(root)
