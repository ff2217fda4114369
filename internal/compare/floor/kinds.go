package floor

// EchoEnv is the environment variable that, set to "1", makes a process an echo child
// (echo_linux.go).
const EchoEnv = "BOOK_FLOOR_ECHO"

// EchoKind is how the parent reads and writes its ends of an echo child's pipes.
type EchoKind int

const (
	Blocking EchoKind = iota // blocking read(2) and write(2) on the raw file descriptors
	OSFile                   // *os.File from os.Pipe: non-blocking, through the network poller
)

func (k EchoKind) String() string {
	if k == Blocking {
		return "blocking"
	}
	return "os.File"
}
