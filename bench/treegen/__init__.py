"""Pieces of the synthetic tree bench/gen_tree.py writes."""
