package main

import (
	"math"
	"slices"

	"golang.org/x/perf/benchmath"
)

// runs holds every round's values, by key (goKey, pyKey): runs[i] is round i+1's.
type runs []map[string]float64

// values lists key's value in each round, NaN where a round lacks it.
func (rs runs) values(key string) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		v, ok := r[key]
		if !ok {
			v = math.NaN()
		}
		out[i] = v
	}
	return out
}

// each applies f to every round: a ratio of two of its values, say; NaN where f cannot tell.
func (rs runs) each(f func(r map[string]float64) float64) []float64 {
	out := make([]float64, len(rs))
	for i, r := range rs {
		out[i] = f(r)
	}
	return out
}

// ratio is a round's r[a]/r[b], NaN unless both are there and b is positive.
func ratio(r map[string]float64, a, b string) float64 { return div(get(r, a), get(r, b)) }

// get is r[key], NaN if r lacks it.
func get(r map[string]float64, key string) float64 {
	if v, ok := r[key]; ok {
		return v
	}
	return math.NaN()
}

// div is x/y, NaN unless both are numbers and y is positive.
func div(x, y float64) float64 {
	if math.IsNaN(x) || math.IsNaN(y) || y <= 0 {
		return math.NaN()
	}
	return x / y
}

// confidence is the confidence level of the interval around a median that decides a check.
const confidence = 0.95

// summary is a figure over the rounds: the median, the full range, and the 95% confidence
// interval of the median (benchmath.AssumeNothing: order statistics, no assumption about the
// distribution), over the rounds that have it.
type summary struct {
	n                int // rounds with a value
	median, min, max float64
	lo, hi           float64 // the interval; ±Inf when too few rounds give one
}

func summarize(vals []float64) summary {
	vs := slices.DeleteFunc(slices.Clone(vals), math.IsNaN)
	if len(vs) == 0 {
		return summary{}
	}
	s := benchmath.NewSample(vs, &benchmath.DefaultThresholds) // sorts vs
	sum := benchmath.AssumeNothing.Summary(s, confidence)
	return summary{n: len(vs), median: sum.Center, min: vs[0], max: vs[len(vs)-1], lo: sum.Lo, hi: sum.Hi}
}

// A verdict on a check.
type verdict int

const (
	met verdict = iota
	notMet
	inconclusive
)

func (v verdict) String() string {
	return [...]string{"met", "NOT met", "inconclusive"}[v]
}

// judgement is what a check comes to over the rounds.
type judgement struct {
	summary
	k       int // rounds in which the check was met
	verdict verdict
}

// judge holds a ratio, round by round, to a target: at least (atLeast) or at most target. It
// is met in a round whose ratio is on the right side. The verdict is met if the whole
// confidence interval of the median is on the right side, NOT met if the whole of it is on the
// wrong side, and inconclusive if the interval straddles the target — as it does when there
// are too few rounds for an interval at all (benchmath then gives -Inf to +Inf).
func judge(vals []float64, atLeast bool, target float64) judgement {
	j := judgement{summary: summarize(vals)}
	ok := func(x float64) bool {
		if atLeast {
			return x >= target
		}
		return x <= target
	}
	for _, v := range vals {
		if !math.IsNaN(v) && ok(v) {
			j.k++
		}
	}
	switch {
	case j.n == 0:
		j.verdict = inconclusive
	case ok(j.lo) && ok(j.hi):
		j.verdict = met
	case !ok(j.lo) && !ok(j.hi):
		j.verdict = notMet
	default:
		j.verdict = inconclusive
	}
	return j
}

// minOf is, round by round, the least of the values of keys: the cheaper of two floors.
func minOf(r map[string]float64, keys ...string) (float64, string) {
	best, which := math.NaN(), ""
	for _, k := range keys {
		if v, ok := r[k]; ok && (math.IsNaN(best) || v < best) {
			best, which = v, k
		}
	}
	return best, which
}
