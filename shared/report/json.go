package report

import (
	"io"

	"github.com/shizhong/hotline/shared/score"
)

// WriteJSON writes r in the pinned JSON shape of SPEC §8 (score.WriteJSON).
func WriteJSON(w io.Writer, r *score.Result) error { return score.WriteJSON(w, r) }
