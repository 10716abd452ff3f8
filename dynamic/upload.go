package dynamic

import (
	"errors"
	"io"

	"github.com/livechat-go/livechat"
)

// File is the content of a file argument of a multipart operation
// (Operation.MediaType "multipart/form-data": upload_file):
//
//	f, _ := os.Open("photo.png")
//	defer f.Close()
//	raw, err := client.Call(ctx, "agent", "upload_file", map[string]any{
//		"file": dynamic.File{Name: "photo.png", Content: f},
//	})
//
// The content is read when the call is sent; more than the platform's
// 10 MB is refused before anything is sent.
type File struct {
	// Name is the file name sent with the content.
	Name string
	// Content is read to its end.
	Content io.Reader
}

// errFileInJSON is what a File in a JSON body encodes to.
var errFileInJSON = errors.New("a dynamic.File is an argument of multipart operations (upload_file) only")

// MarshalJSON refuses: a File travels only in a multipart body.
func (File) MarshalJSON() ([]byte, error) { return nil, errFileInJSON }

// uploadField is the multipart field package transport/web sends.
const uploadField = "file"

// prepareUpload validates the arguments of a multipart operation: the
// file argument is a File (validated as the string the description
// declares), the others as usual.
func (o *Operation) prepareUpload(args any) (*request, error) {
	m, ok := args.(map[string]any)
	if !ok {
		return nil, &livechat.ArgumentError{Field: "arguments", Problem: "of " + o.API + "." + o.Action +
			` must be a map[string]any with "file": dynamic.File{…}`}
	}
	var file *File
	values := make(map[string]any, len(m))
	for k, v := range m {
		switch f := v.(type) {
		case File:
			file = &f
		case *File:
			file = f
		default:
			values[k] = v
			continue
		}
		if k != uploadField || file == nil || file.Content == nil {
			return nil, livechat.Invalid(k, `must be the argument "file", a dynamic.File with Content`)
		}
		values[k] = file.Name // validated as the declared string
	}
	if file == nil {
		if _, ok := m[uploadField]; ok {
			return nil, livechat.Invalid(uploadField, "must be a dynamic.File (the content to upload)")
		}
	}
	r, err := o.prepareValues(nil, values)
	if err != nil {
		return nil, err
	}
	for k := range values {
		if p := o.param(k); k != uploadField && (p == nil || p.in != inHeader) {
			return nil, livechat.Invalid(k, "cannot be sent: an upload sends only its file (and header parameters)")
		}
	}
	r.upload = file
	return r, nil
}
