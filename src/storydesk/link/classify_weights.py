"""The default pair classification models (generated; do not edit).

Fit on the Clough & Stevenson corpus by bench/rewrites_cs.py --write; see
storydesk.link.classify for the features.
"""

from storydesk.link.logistic import LogisticModel

COPIED_MODEL = LogisticModel(
    weights=(
        0.8279507982299616,
        0.7648345732695513,
        1.2887905835171265,
        1.0956643648860396,
        1.6089170499453216,
    ),
    bias=2.944262251290834,
    mean=(
        0.5085794749750847,
        0.727038861697944,
        0.6145772916115735,
        0.3867220409290974,
        0.3906129739995433,
    ),
    scale=(
        0.28524537273228057,
        0.18000323619255584,
        0.2274635254930482,
        0.30815583787389234,
        0.39178256590057603,
    ),
    quadratic=False,
)

NEAR_VERBATIM_MODEL = LogisticModel(
    weights=(
        0.9797391299818763,
        -0.5952648117858201,
        1.1540717991643257,
        -0.6106283667599809,
    ),
    bias=-0.8228253866499219,
    mean=(
        0.4238840126324622,
        0.47559031231157833,
        0.3780740176549799,
        0.4981212761445962,
    ),
    scale=(
        0.37632256009323467,
        0.2972724790985913,
        0.3058666411377383,
        0.37284334711187367,
    ),
    quadratic=False,
)
