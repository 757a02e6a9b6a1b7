"""The similar-proposal hint for the committee: cosine similarity of character bigrams.

Chinese has no spaces, so words are not at hand; overlapping pairs of characters catch the same
subject written two ways (加装电梯 / 电梯加装, 人行天桥楼梯 / 天桥的楼梯). The title counts
three times as much as the body, and the form words every proposal shares (关于, 的提案, 建议,
进一步 ...) are removed first so they do not make everything look alike."""
import math
import re
from collections import Counter

BOILERPLATE = ("关于", "的提案", "的建议", "提案", "建议", "进一步", "加强", "推进", "推动",
               "完善", "提升", "加快", "我市", "全市", "有关", "问题", "工作", "情况", "相关",
               "部门", "政府", "需要", "应当", "目前", "存在", "实施", "方面", "开展")
KEEP = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]+")
TITLE_WEIGHT = 3
THRESHOLD = 0.3


def _normalise(text):
    text = (text or "").lower()
    for word in BOILERPLATE:
        text = text.replace(word, " ")
    return KEEP.findall(text)


def bigrams(text):
    grams = Counter()
    for run in _normalise(text):
        if len(run) == 1:
            grams[run] += 1
        for i in range(len(run) - 1):
            grams[run[i:i + 2]] += 1
    return grams


def vector(title, body):
    v = Counter()
    for gram, n in bigrams(title).items():
        v[gram] += n * TITLE_WEIGHT
    v.update(bigrams(body))
    return v


def cosine(a, b):
    if not a or not b:
        return 0.0
    dot = sum(n * b.get(g, 0) for g, n in a.items())
    norm = math.sqrt(sum(n * n for n in a.values())) * math.sqrt(sum(n * n for n in b.values()))
    return dot / norm if norm else 0.0


def proposal_vector(proposal):
    return vector(proposal.title, f"{proposal.grounds}\n{proposal.measures}")


def similar(proposal, others, threshold=THRESHOLD, limit=5):
    """[(score, other)] of the others at or above the threshold, most similar first."""
    mine = proposal_vector(proposal)
    scored = [(cosine(mine, proposal_vector(o)), o) for o in others if o.id != proposal.id]
    scored = [(round(s, 3), o) for s, o in scored if s >= threshold]
    scored.sort(key=lambda pair: (-pair[0], pair[1].id))
    return scored[:limit]
