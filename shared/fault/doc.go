// Package fault is the error vocabulary of the hotline system: a few codes
// that say what kind of failure an error is (the request is invalid, what it
// names is not there, it conflicts with what is stored, the caller is not
// proved or not allowed, a service is unavailable for now, or the program
// itself went wrong), made where the failure is known and read where it is
// answered. The HTTP API maps each code to a status once (shared/httpapi),
// the command line to an exit status once (cmd/hotline); nothing between
// them speaks HTTP or exit codes.
//
// The shape follows WTF Dial's error.go: an error with a Code and a Message
// for the person who asked, wrapping the error underneath for the log.
//
// It is the innermost package of the project: it must never import another
// package of the project, nor AWS, SQL or net/http.
package fault
