// why405 lab: Go routers from Debian's packages (chi v5, gorilla/mux, gin) with their CORS packages
// (go-chi/cors, gorilla/handlers, gin-contrib/cors), each in its usual recipe and its usual mistakes.
// One binary, one router per process: `labgo chi|mux|gin PORT` (built by tests/lab/setup.sh, GOPATH mode
// against /usr/share/gocode, never committed).
package main

import (
	"fmt"
	"net/http"
	"os"

	"github.com/gin-contrib/cors"
	"github.com/gin-gonic/gin"
	"github.com/go-chi/chi" // Debian keeps chi v5 here (GOPATH layout, no /v5)
	chicors "github.com/go-chi/cors"
	"github.com/gorilla/handlers"
	"github.com/gorilla/mux"
)

const page = "http://localhost:7100"

func text(s string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, "{\"ok\":%q}", s)
	}
}

// chi: /api with go-chi/cors (the README's recipe), /strict whose AllowedMethods omit PUT, /plain without CORS.
func chiServer() http.Handler {
	r := chi.NewRouter()
	r.Get("/health", text("up"))
	r.Route("/api", func(r chi.Router) {
		r.Use(chicors.Handler(chicors.Options{
			AllowedOrigins: []string{page},
			AllowedMethods: []string{"GET", "POST", "PUT", "DELETE", "OPTIONS"},
			AllowedHeaders: []string{"Accept", "Content-Type"},
		}))
		r.Get("/items/{id}", text("item"))
		r.Put("/items/{id}", text("updated"))
		r.Get("/notes/{id}", text("note"))
	})
	r.Route("/strict", func(r chi.Router) {
		r.Use(chicors.Handler(chicors.Options{
			AllowedOrigins: []string{page},
			AllowedMethods: []string{"GET", "POST"},
			AllowedHeaders: []string{"Content-Type"},
		}))
		r.Get("/items/{id}", text("item"))
		r.Put("/items/{id}", text("updated"))
	})
	r.Route("/plain", func(r chi.Router) {
		r.Get("/items/{id}", text("item"))
		r.Put("/items/{id}", text("updated"))
	})
	return r
}

// gorilla/mux: /api wrapped whole by handlers.CORS (the recipe), /defaults by handlers.CORS() with its defaults
// (GET, HEAD, POST; no Content-Type), /use with handlers.CORS as r.Use middleware (runs only on matched routes).
func muxServer() http.Handler {
	top := http.NewServeMux()
	top.HandleFunc("/health", text("up"))

	api := mux.NewRouter()
	api.HandleFunc("/api/items/{id}", text("item")).Methods("GET")
	api.HandleFunc("/api/items/{id}", text("updated")).Methods("PUT")
	api.HandleFunc("/api/notes/{id}", text("note")).Methods("GET")
	top.Handle("/api/", handlers.CORS(
		handlers.AllowedOrigins([]string{page}),
		handlers.AllowedMethods([]string{"GET", "POST", "PUT", "DELETE"}),
		handlers.AllowedHeaders([]string{"Content-Type"}),
	)(api))

	defaults := mux.NewRouter()
	defaults.HandleFunc("/defaults/items/{id}", text("item")).Methods("GET", "PUT")
	top.Handle("/defaults/", handlers.CORS()(defaults))

	use := mux.NewRouter()
	use.HandleFunc("/use/items/{id}", text("item")).Methods("GET")
	use.HandleFunc("/use/items/{id}", text("updated")).Methods("PUT")
	use.Use(handlers.CORS(
		handlers.AllowedOrigins([]string{page}),
		handlers.AllowedMethods([]string{"GET", "POST", "PUT", "DELETE"}),
		handlers.AllowedHeaders([]string{"Content-Type"}),
	))
	top.Handle("/use/", use)
	return top
}

// gin: /api with gin-contrib/cors (AllowMethods without DELETE) and the default 404 for a wrong method,
// /strict with HandleMethodNotAllowed and cors.Default(), /origin with an origin list that misses the page.
func ginServer() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	top := http.NewServeMux()
	top.HandleFunc("/health", text("up"))

	api := gin.New()
	api.Use(cors.New(cors.Config{
		AllowOrigins: []string{page},
		AllowMethods: []string{"GET", "POST", "PUT"},
		AllowHeaders: []string{"Origin", "Content-Type"},
	}))
	api.GET("/api/items/:id", gin.WrapF(text("item")))
	api.PUT("/api/items/:id", gin.WrapF(text("updated")))
	api.GET("/api/notes/:id", gin.WrapF(text("note")))
	top.Handle("/api/", api)

	strict := gin.New()
	strict.HandleMethodNotAllowed = true
	strict.Use(cors.Default())
	strict.GET("/strict/notes/:id", gin.WrapF(text("note")))
	strict.PUT("/strict/items/:id", gin.WrapF(text("updated")))
	top.Handle("/strict/", strict)

	origin := gin.New()
	cfg := cors.DefaultConfig()
	cfg.AllowOrigins = []string{"http://127.0.0.1:7100"}
	origin.Use(cors.New(cfg))
	origin.PUT("/origin/items/:id", gin.WrapF(text("updated")))
	top.Handle("/origin/", origin)
	return top
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: labgo chi|mux|gin PORT")
		os.Exit(2)
	}
	var h http.Handler
	switch os.Args[1] {
	case "chi":
		h = chiServer()
	case "mux":
		h = muxServer()
	case "gin":
		h = ginServer()
	default:
		fmt.Fprintln(os.Stderr, "unknown router", os.Args[1])
		os.Exit(2)
	}
	addr := "127.0.0.1:" + os.Args[2]
	fmt.Println("listening on", addr)
	if err := http.ListenAndServe(addr, h); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
