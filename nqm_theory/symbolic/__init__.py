"""Symbolic layer: the ReLU NQM, the derivation of its GD maps, printing and compilation.

``derive.derive_one_example()`` is the entry point; ``compile`` is the only module that
turns symbolic maps into numeric code.
"""
