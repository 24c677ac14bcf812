// Package web is the page `hotline serve` shows at `/`: the ranking of a
// month per group as a table and a bar chart, a month picker, and a page per
// unit with its deductions. Static files embedded in the binary, no
// front-end build step; the page reads the public API.
package web
