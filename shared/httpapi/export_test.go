package httpapi

// CheckShape is checkShape, for the fuzz tests of package httpapi_test.
var CheckShape = func(body []byte) bool { return checkShape(body) == nil }

// SetFileMin sets the smallest body sent from a file of Config.BodyDir
// and returns the function that puts it back.
func SetFileMin(n int) (restore func()) {
	old := fileMin
	fileMin = n
	return func() { fileMin = old }
}
