// The mini-program reads only the public API; it keeps no global state.
App({})
