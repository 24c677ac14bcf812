package cloud

import (
	"log/slog"
	"os"
)

// Logger writes JSON lines, one per request, as CloudWatch reads them.
func Logger() *slog.Logger { return slog.New(slog.NewJSONHandler(os.Stdout, nil)) }
