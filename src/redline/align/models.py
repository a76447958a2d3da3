"""The fitted numbers of the two models: the derivation level (``verdict``) and the reused-word
model (``words``). Both were fit on the METER courts corpus by ``python bench/meter.py --fit``,
which prints them; bench/meter.py reports the derivation model's 5-fold cross-validated accuracy.
The derivation model's coefficients were fit on all 769 METER courts texts that have a PA source;
the word model's on the 355 METER texts with word-level annotation."""
from __future__ import annotations

# Multinomial logistic model: standardised features -> wholly / partially / none.
# Fit by bench/meter.py --fit on all METER courts texts with a source (lexical alignment), with the
# word model before its stem and local-match features. Refitting with the current word model gives
# the same in-sample macro-F1 (0.708) and coefficients within 0.09, so these were kept.
MODEL_FEATURES = ("cover1", "cover2", "cover3", "cover5", "cover8", "cover3_unquoted",
                  "word_reuse", "reuse", "share_verbatim", "log_words", "source_kept")
MODEL_MEAN = (0.8466, 0.6284, 0.4593, 0.2994, 0.2089, 0.4334, 0.7656, 0.6939, 0.0791, 5.4257, 0.2685,)
MODEL_SCALE = (0.1063, 0.1999, 0.2449, 0.2564, 0.2421, 0.2393, 0.2798, 0.2812, 0.1557, 0.9680, 0.2056,)
MODEL_COEF = ((0.5762, 0.0316, -0.1617, 0.6069, 0.2414, 0.1076, 0.9755, 0.0815, 0.0253, -0.8799, 0.1071,),
              (-0.3712, 0.5054, -0.2943, 0.1414, -0.0969, 0.1104, -0.2203, 0.0525, 0.0053, 0.6806, -0.3018,),
              (-0.2050, -0.5370, 0.4561, -0.7483, -0.1445, -0.2179, -0.7552, -0.1340, -0.0307, 0.1993, 0.1947,))
MODEL_INTERCEPT = (-0.5037, 1.1061, -0.6024,)


# Logistic model: standardised word_features -> reused (Verbatim or Rewrite) vs new.
# Fit by bench/meter.py --fit on the 355 METER courts .aat texts (lexical alignment).
WORD_FEATURES = ("cover1", "cover2", "cover3", "cover5", "window3_2", "window2_2", "window3_5",
                 "window2_5", "sentence_cover1", "sentence_cover2", "sentence_cover3", "lexical", "score",
                 "log_sentence_words", "verbatim", "edited", "paraphrase", "stopword", "quoted",
                 "in_closest_source", "stem_window3", "stem_window10", "local_match3", "local_match6",
                 "document_cover1", "document_cover2", "document_cover3", "document_cover5",
                 "log_document_words")
WORD_MEAN = (0.8293, 0.5979, 0.4166, 0.2775, 0.4183, 0.5990, 0.4182, 0.5984, 0.8293, 0.5979,
             0.4166, 0.4509, 0.4509, 3.1707, 0.0829, 0.2494, 0.2811, 0.4334, 0.2468, 0.5283,
             0.4280, 0.4269, 0.6306, 0.5794, 0.8293, 0.5979, 0.4166, 0.2775, 6.0954,)
WORD_SCALE = (0.3762, 0.4903, 0.4930, 0.4478, 0.4269, 0.3708, 0.3854, 0.3245, 0.1544, 0.2859,
              0.3443, 0.2647, 0.2647, 0.4356, 0.2758, 0.4327, 0.4495, 0.4955, 0.4311, 0.4992,
              0.2246, 0.1728, 0.3168, 0.2927, 0.1033, 0.1939, 0.2293, 0.2339, 0.6739,)
WORD_COEF = (0.1041, 0.0663, 0.1041, 0.1695, -0.0498, 0.0374, -0.0077, 0.0017, 0.0174, 0.1290,
             0.1168, 0.3710, 0.3710, 0.1465, -0.1233, -0.1471, 0.0544, -0.1527, -0.1973, 0.1321,
             0.1180, 0.3432, 0.1184, 0.2808, 0.5429, -1.5608, 0.5458, 1.0067, -0.5866,)
WORD_INTERCEPT = 0.6551
