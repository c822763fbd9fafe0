# why405 lab: Sinatra 3 (Debian ruby-sinatra) run by Puma in development (Sinatra's own 404 page, "Sinatra
# doesn't know this ditty"), three apps: /api with rack-cors (Debian ruby-rack-cors), /manual with the hand-written
# recipe found in many answers (a before filter + `options "*"` whose Allow-Methods omit PUT), /plain without CORS.
require "sinatra/base"
require "rack/cors"

class Items < Sinatra::Base
  get("/items/:id") { content_type :json; %({"id":"#{params[:id].to_i}"}) }
  put("/items/:id") { content_type :json; %({"id":"#{params[:id].to_i}","updated":true}) }
  get("/notes/:id") { content_type :json; %({"note":"#{params[:id].to_i}"}) }
end

class Manual < Items
  before do
    headers "Access-Control-Allow-Origin" => "http://localhost:7100"
  end

  options "*" do
    headers "Access-Control-Allow-Methods" => "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers" => "Content-Type"
    200
  end
end

api = Rack::Builder.new do
  use Rack::Cors do
    allow do
      origins "http://localhost:7100"
      resource "*", headers: :any, methods: [:get, :post, :put, :options]
    end
  end
  run Items
end

map("/health") { run ->(_env) { [200, { "Content-Type" => "text/plain" }, ["up"]] } }
map("/api") { run api }
map("/manual") { run Manual }
map("/plain") { run Items }
