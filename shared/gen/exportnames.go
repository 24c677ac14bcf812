package gen

import (
	"math/rand/v2"
	"strings"

	"github.com/shizhong/hotline/shared/event"
	"github.com/shizhong/hotline/shared/unit"
)

// The Chinese the platform's export writes for the contract's values, as
// gen-platform.yaml reads them back (a test holds the two together).
var (
	channelLabels = map[string]string{
		"hotline_12345":             "12345热线",
		"mayor_mailbox":             "市长信箱",
		"district_mailbox":          "区长信箱",
		"state_council_supervision": `国务院"互联网+督查"`,
		"leader_message_board":      "中国政府网/人民网地方领导留言板",
		"provincial_hotline":        "省级政务服务热线",
		"provincial_enterprise":     `省委省政府企业诉求"接诉即办"`,
		"qihu_zaoying":              `"企呼枣（早）应、接诉即办"综合指挥平台`,
		"shandian_news":             "闪电新闻客户端",
		"other":                     "其他",
	}
	answerLabels = map[string]string{
		event.Satisfied:          "满意",
		event.BasicallySatisfied: "基本满意",
		event.Dissatisfied:       "不满意",
	}
)

// yesNo is 是 or 否.
func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

// Shares of the export's untidiness, in parts per million.
const (
	aliasShare   = 333_333 // units with a name variant
	variantShare = 200_000 // rows of such a unit that use it
	spaceShare   = 20_000  // unit names and ticket ids with a space after them
)

// withAliases gives about a third of the units a name variant as the
// platform writes them (区公安分局 → 公安分局, 文化路街道 → 市中区文化路街道),
// drawn from r; a variant that is already a name is left out.
func withAliases(units []unit.Unit, r *rand.Rand) []unit.Unit {
	taken := make(map[string]bool, 2*len(units))
	for _, u := range units {
		taken[u.Name] = true
	}
	out := make([]unit.Unit, len(units))
	for i, u := range units {
		out[i] = u
		if !chance(r, aliasShare) {
			continue
		}
		alias, ok := strings.CutPrefix(u.Name, "区")
		if !ok {
			alias = "市中区" + u.Name
		}
		if alias == "" || taken[alias] {
			continue
		}
		taken[alias] = true
		out[i].Aliases = []string{alias}
	}
	return out
}

// untidy is s, or now and then s with a space or a full-width space after
// it, as a hand-kept platform record has.
func untidy(r *rand.Rand, s string) string {
	if !chance(r, spaceShare) {
		return s
	}
	if r.IntN(2) == 0 {
		return s + " "
	}
	return s + "\u3000"
}
