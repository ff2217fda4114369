package main

// What compare measures: the groups it runs (a Python figure and the Go benchmarks compared
// with it, each side in a process of its own), and how the table reads their figures.

// A group is one Python figure of bench.py and the Go benchmarks that are its other side.
// Every round runs each group's two sides back to back, in a fresh process each.
type group struct {
	py        []string // bench.py's figures; none for a Go-only group
	pkg       string   // the Go benchmarks' package, from the repository's root
	bench     string   // their -test.bench
	benchtime string   // "" for the -benchtime flag
}

const (
	pkgAio      = "ch01-blocking/aio"
	pkgExecutor = "ch02-executor/executor"
	pkgCh02     = "ch02-executor"
	pkgCh04     = "ch04-spinner"
	pkgCh05     = "ch05-queues-locks"
	pkgFloor    = "internal/compare/floor"
)

var groups = []group{
	{py: []string{"thread-start-join"}, pkg: pkgCh04, bench: "^BenchmarkStartStop(Goroutine|OSThread)$"},
	{py: []string{"fork-start-join"}, pkg: pkgCh04, bench: "^BenchmarkStartStopProcess$"},
	{py: []string{"spawn-start-join"}, pkg: pkgCh04, bench: "^BenchmarkStartStopProcess$"},
	{py: []string{"task-create-await"}, pkg: pkgAio, bench: "^BenchmarkCreateAndAwaitTask$"},
	{py: []string{"sleep0"}, pkg: pkgAio, bench: "^BenchmarkYield$"},
	{py: []string{"call-soon-threadsafe"}, pkg: pkgAio, bench: "^BenchmarkCallSoonThreadsafeRoundTrip$"},
	{py: []string{"run-in-executor"}, pkg: pkgExecutor, bench: "^BenchmarkRunInExecutor(RoundTrip|Goroutines|Paired)$"},
	{py: []string{"run-in-executor-spaced"}, pkg: pkgExecutor, bench: "^BenchmarkRunInExecutorSpaced$"},
	{py: []string{"process-pool-call"}, pkg: pkgExecutor, bench: "^BenchmarkProcessPoolCall(Paired)?$"},
	{py: []string{"queue-queue"}, pkg: pkgCh05, bench: "^BenchmarkQueue(MutexFIFO|Channel)$"},
	{py: []string{"asyncio-queue"}, pkg: pkgCh05, bench: "^BenchmarkQueueAsync$"},
	{pkg: pkgFloor, bench: "."},
	{py: []string{"cpu-threads", "cpu-processes"}, pkg: pkgCh02, bench: "^BenchmarkCPU$", benchtime: "2x"},
}

// A figure's key names one value of one round: "BenchmarkYield ns/op", "py sleep0 ns/op".
func goKey(bench, unit string) string { return bench + " " + unit }
func pyKey(fig, unit string) string   { return "py " + fig + " " + unit }

// A row of the first table: a Python figure against a Go benchmark, time and CPU per op.
type row struct {
	figure string
	py     string // bench.py's figure
	bench  string // the Go benchmark
	unit   string // its time per op: "ns/op", or a metric of its own
}

var rows = []row{
	{"start+join: thread / OS thread", "thread-start-join", "BenchmarkStartStopOSThread", "ns/op"},
	{"start+join: thread / goroutine", "thread-start-join", "BenchmarkStartStopGoroutine", "ns/op"},
	{"process start: fork / re-exec", "fork-start-join", "BenchmarkStartStopProcess", "ns/op"},
	{"process start: spawn / re-exec", "spawn-start-join", "BenchmarkStartStopProcess", "ns/op"},
	{"task create+await", "task-create-await", "BenchmarkCreateAndAwaitTask", "ns/op"},
	{"yield: sleep(0) / co.Yield", "sleep0", "BenchmarkYield", "ns/op"},
	{"call_soon_threadsafe round trip", "call-soon-threadsafe", "BenchmarkCallSoonThreadsafeRoundTrip", "ns/op"},
	{"run_in_executor: OS-thread workers", "run-in-executor", "BenchmarkRunInExecutorRoundTrip", "ns/op"},
	{"  the same, calls 1ms apart", "run-in-executor-spaced", "BenchmarkRunInExecutorSpaced", "call-ns/op"},
	{"run_in_executor: goroutine workers", "run-in-executor", "BenchmarkRunInExecutorGoroutines", "ns/op"},
	{"process pool call", "process-pool-call", "BenchmarkProcessPoolCall", "ns/op"},
	{"queue.Queue item / mutex FIFO", "queue-queue", "BenchmarkQueueMutexFIFO", "ns/op"},
	{"queue.Queue item / channel", "queue-queue", "BenchmarkQueueChannel", "ns/op"},
	{"asyncio.Queue item / loop queue", "asyncio-queue", "BenchmarkQueueAsync", "ns/op"},
}

// cpuUnit is the metric in which a Go benchmark reports its CPU time per op (see
// internal/compare/cputime), and bench.py its own.
const cpuUnit = "cpu-ns/op"

// A bound is a Go figure read against its floor (package internal/compare/floor), twice:
// paired, from a benchmark that alternates batches of the two in one process, and apart,
// the figure's own benchmark against the floor's, in the same round.
type bound struct {
	figure     string
	floor      string   // the floor's name
	paired     string   // the paired benchmark
	side       string   // the figure's metric prefix in it: side+"-ns/op", side+"-cpu-ns/op"
	floorSides []string // the floor's: the cheapest of these, round by round
	apart      string   // the figure's own benchmark
	apartUnit  string   // and its time unit
	floorApart []string // the floor's benchmarks apart: the cheapest, round by round
}

const (
	pairedPool     = "BenchmarkProcessPoolCallPaired"
	pairedExecutor = "BenchmarkRunInExecutorPaired"
	floorTrip      = "trip-ns/op"     // the floors' time per round trip, measured apart
	floorTripCPU   = "trip-cpu-ns/op" // and their CPU time
)

var bounds = []bound{
	{"process pool call", "echo child", pairedPool, "call", []string{"echo-blocking", "echo-osfile"},
		"BenchmarkProcessPoolCall", "ns/op", []string{"BenchmarkEchoBlocking", "BenchmarkEchoOSFile"}},
	// The OS-thread workers' floor is the locked partner: a goroutine locked to its thread
	// answering an unlocked one, the trip a call makes between the event loop's goroutine and
	// a locked worker, with stoplockedm and startlockedm (runtime/proc.go) at one end only.
	// Beside it, for information: the locked goroutines, which pay them at both ends, and the
	// futex ping-pong, two raw threads without the scheduler — the gap is what the runtime adds
	// to a hand-off with a locked goroutine, which no pool of them avoids.
	{"run_in_executor: OS-thread workers", "locked partner", pairedExecutor, "threads", []string{"partner"},
		"BenchmarkRunInExecutorRoundTrip", "ns/op", []string{"BenchmarkLockedPartner"}},
	{"  the same", "locked goroutines", pairedExecutor, "threads", []string{"locked"},
		"BenchmarkRunInExecutorRoundTrip", "ns/op", []string{"BenchmarkLocked"}},
	{"  the same", "futex ping-pong", pairedExecutor, "threads", []string{"futex"},
		"BenchmarkRunInExecutorRoundTrip", "ns/op", []string{"BenchmarkFutex"}},
	{"  the same, calls 1ms apart", "locked partner", pairedExecutor, "spaced", []string{"partner"},
		"BenchmarkRunInExecutorSpaced", "call-ns/op", []string{"BenchmarkLockedPartner"}},
	{"run_in_executor: goroutine workers", "channel round trip", pairedExecutor, "goroutines", []string{"channel"},
		"BenchmarkRunInExecutorGoroutines", "ns/op", []string{"BenchmarkChannel"}},
}

// floors lists the floors measured apart, for their own table.
var floors = []struct{ name, bench string }{
	{"channel round trip", "BenchmarkChannel"},
	{"locked partner", "BenchmarkLockedPartner"},
	{"locked goroutines", "BenchmarkLocked"},
	{"futex ping-pong", "BenchmarkFutex"},
	{"echo child, blocking", "BenchmarkEchoBlocking"},
	{"echo child, os.File", "BenchmarkEchoOSFile"},
}

// cpuSequential and cpuRows are the CPU-bound speed-ups: each row's time over sequential's.
const cpuSequential = "BenchmarkCPU/sequential"

var cpuRows = []struct{ name, py, bench string }{
	{"thread pool, 2 chunks", "cpu-threads", "BenchmarkCPU/threadpool"},
	{"process pool, 2 chunks", "cpu-processes", "BenchmarkCPU/processpool"},
	{"goroutines, 2 chunks", "", "BenchmarkCPU/goroutines"},
}
