package central

import (
	"net/http"

	"github.com/omnilane/omnilane/sync/protocol"
)

// backend returns the server's storage as the optional interface T (orders,
// stock, customers, store prices…), or answers 404 saying the storage
// backend has no such thing (what) and returns false.
func backend[T any](s *Server, w http.ResponseWriter, r *http.Request, what string) (T, bool) {
	b, ok := s.st.(T)
	if !ok {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "this storage backend has no %s", what))
	}
	return b, ok
}
