"""Helpers of bench/eval_detection.py: cases from every labelled set, scoring, folds.

cases.py     one Case shape for the visible corpus, the scraped texts and the generated set
scoring.py   matching detections to gold spans; tallies; the calibration table
protocol.py  the fit/detect protocol and the leave-one-site-out driver
"""
