package publish

import (
	"fmt"

	"github.com/shizhong/hotline/shared/store"
)

// Latest is the content of latest.json: which version of a period was
// published last, and where its objects are.
type Latest struct {
	store.Header      // in UTC
	Keys         Keys `json:"keys"`
}

// Message is the SNS message of a publication, as JSON.
type Message struct {
	store.Header        // in UTC
	Bucket       string `json:"bucket"`
	Keys         Keys   `json:"keys"`
	// BottomUnits is the number of units ranked bottom of their group.
	BottomUnits int `json:"bottom_units"`
}

// Subject is the message's subject: ASCII and under 100 characters, as SNS
// requires.
func (m Message) Subject() string {
	s := fmt.Sprintf("hotline ranking %s v%d", m.Period, m.Version)
	if m.Final {
		s += " (final)"
	}
	return s
}
