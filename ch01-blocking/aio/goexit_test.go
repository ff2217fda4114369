package aio

import "runtime"

var runtimeGoexit = runtime.Goexit
