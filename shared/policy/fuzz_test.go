package policy_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v3"

	"github.com/shizhong/hotline/shared/policy"
)

// FuzzDecode: the policy file (SPEC §6 policy switches). For any input
// Decode never panics, and:
//   - a refused file gives a message;
//   - an accepted policy is valid (Validate finds nothing, its time zone
//     loads), its id is the file's or, without one, the built-in id followed
//     by "+" and the fingerprint of the policy without an id;
//   - it round-trips: written back as YAML it decodes to the same policy,
//     with the same fingerprint, and decoding the file again gives the same
//     fingerprint.
func FuzzDecode(f *testing.F) {
	paths, err := filepath.Glob("testdata/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	builtin, err := yaml.Marshal(policy.Builtin())
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		string(builtin),
		"",
		"id: x\n",
		"satisfaction:\n  mode: proportional\n  satisfied_levels: [satisfied]\n  per_pp: 0.25\n",
		"grades: {excellent: 90, good: 80, pass: 60}\nranking: {bottom_count: 0}\n",
		"timezone: Local\n",
		"timezone: ../../etc/passwd\n",
		"overdue: {max: 1e-10000, per_item: 1e10000}\n",
		"organization: {max: [1]}\nlate_returns: {working_hours: x}\n",
		"a: &a [*a, *a, *a]\nb: [*a, *a, *a]\n",
		"id: \"\\xff\"\n",
		"version: 2\n---\nversion: 1\n",
		// the switches of v1.1
		"ranking: {bottom_count: 3, bottom_max_total: 85}\nsatisfaction: {average: group}\norganization: {staffing_rule: flag}\n",
		"ranking: {bottom_max_total: null}\nsatisfaction: {average: district}\norganization: {staffing_rule: zero}\n",
		"ranking: {bottom_max_total: 0.000001}\n",
		"ranking: {bottom_max_total: ~}\n",
		"ranking: {bottom_max_total: [85]}\nsatisfaction: {average: pooled}\norganization: {staffing_rule: \"\"}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := policy.Decode(data)
		if err != nil {
			if p != nil {
				t.Fatalf("refusal %v with a policy", err)
			}
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("refusal without a message")
			}
			return
		}
		if problems := p.Validate(); len(problems) > 0 {
			t.Fatalf("accepted a policy with problems %v", problems)
		}
		if _, err := p.Location(); err != nil {
			t.Fatalf("accepted time zone %q: %v", p.Timezone, err)
		}
		fp := p.Fingerprint()
		if derived, ok := strings.CutPrefix(p.ID, policy.BuiltinID+"+"); ok {
			q := *p
			q.ID = ""
			if derived != q.Fingerprint() {
				t.Fatalf("derived id %q, want %s+%s", p.ID, policy.BuiltinID, q.Fingerprint())
			}
		}
		again, err := policy.Decode(data)
		if err != nil || again.Fingerprint() != fp {
			t.Fatalf("decoding again: %v, fingerprint %s, want %s", err, again.Fingerprint(), fp)
		}
		out, err := yaml.Marshal(p)
		if err != nil {
			t.Fatalf("marshal the accepted policy: %v", err)
		}
		back, err := policy.Decode(out)
		if err != nil {
			t.Fatalf("the accepted policy written back does not decode: %v\n%s", err, out)
		}
		if back.Fingerprint() != fp {
			t.Fatalf("round trip changed the fingerprint %s to %s:\n%s", fp, back.Fingerprint(), out)
		}
		if diff := cmp.Diff(p, back, numbers); diff != "" {
			t.Fatalf("round trip changed the policy (-want +got):\n%s", diff)
		}
	})
}

// numbers compares policy numbers by value (1.50 and 1.5 alike).
var numbers = cmp.Comparer(func(a, b policy.Number) bool { return a.Equal(b.Decimal) })
