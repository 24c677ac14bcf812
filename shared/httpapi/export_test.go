package httpapi

// CheckShape is checkShape, for the fuzz tests of package httpapi_test.
var CheckShape = func(body []byte) bool { return checkShape(body) == nil }
