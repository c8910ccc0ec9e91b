package central

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/omnilane/omnilane/sync/protocol"
)

// catalogStream sends every change after cursor as gzip NDJSON, product
// bodies copied from the database as they are stored.
func (s *Server) catalogStream(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	store := r.PathValue("store")
	if e := mayReadStore(r, store); e != nil {
		s.fail(w, r, e)
		return
	}
	if ok, err := s.st.StoreExists(ctx, store); err != nil {
		s.fail(w, r, err)
		return
	} else if !ok {
		s.fail(w, r, protocol.Errorf(protocol.CodeNotFound, "no store %q", store))
		return
	}
	cursor, err := intParam(r, "cursor", 0)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.Header().Set("Content-Encoding", "gzip")
	w.WriteHeader(http.StatusOK)
	zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
	bw := bufio.NewWriterSize(zw, 1<<16)
	last := cursor
	var line []byte
	err = s.st.CatalogStream(ctx, cursor, func(seq int64, sku string, body []byte) error {
		line = append(line[:0], `{"c":`...)
		line = strconv.AppendInt(line, seq, 10)
		if body == nil {
			line = append(line, `,"r":`...)
			q, _ := json.Marshal(sku)
			line = append(line, q...)
		} else {
			line = append(line, `,"p":`...)
			line = append(line, body...)
		}
		line = append(line, "}\n"...)
		last = seq
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		// Headers are gone: end the stream without its end line so the
		// client knows it was cut, and resumes.
		s.log.Warn("catalog stream cut", "store", store, "after", last, "err", err)
		_ = bw.Flush()
		_ = zw.Flush()
		panic(http.ErrAbortHandler)
	}
	if sf, ok := s.st.(StoreFeed); ok {
		extras, seq, err := sf.StoreExtras(ctx, store)
		if err != nil {
			s.log.Warn("catalog stream cut", "store", store, "after", last, "err", err)
			panic(http.ErrAbortHandler)
		}
		if seq > 0 {
			last = max(last, seq)
			x, _ := json.Marshal(protocol.StreamLine{Cursor: last, Extras: &extras})
			_, _ = bw.Write(append(x, '\n'))
		}
	}
	end, _ := json.Marshal(protocol.StreamLine{Cursor: last, End: true})
	_, _ = bw.Write(append(end, '\n'))
	if err := bw.Flush(); err == nil {
		_ = zw.Close()
	}
}
