"""The detection reference: VADER (vaderSentiment, a widely used rule-based analyser) scoring
the same JSONL lines that `sim detect --jsonl` reads, as a whole process writing JSONL out."""

import json
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

analyser = SentimentIntensityAnalyzer()
lines = sys.stdin if sys.argv[1:] in ([], ["-"]) else open(sys.argv[1], encoding="utf-8")  # noqa: SIM115
for line in lines:
    row = json.loads(line)
    print(json.dumps({"id": row["id"], "scores": analyser.polarity_scores(row["text"])}))
