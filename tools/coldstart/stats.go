package main

import (
	"fmt"
	"slices"
)

// spread is "median (min–max)" of xs, in milliseconds with one decimal.
// These are measurements for the performance notes, not scores: float64
// is right here.
func spread(xs []float64) string {
	s := slices.Clone(xs)
	slices.Sort(s)
	return fmt.Sprintf("%.1f (%.1f–%.1f)", median(s), s[0], s[len(s)-1])
}

// median of sorted s.
func median(s []float64) float64 {
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
