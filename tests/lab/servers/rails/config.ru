# why405 lab: a minimal Rails 6.1 application (Debian ruby-rails) with rack-cors (Debian ruby-rack-cors), run by
# Puma in production mode (RAILS_ENV=production: public/404.html, no debug page). One file, as `rails new` would
# spread over config/application.rb, config/initializers/cors.rb and config/routes.rb.
require "action_controller/railtie"
require "rack/cors"

class LabApp < Rails::Application
  config.root = __dir__
  config.load_defaults 6.1
  config.eager_load = true
  config.consider_all_requests_local = false
  config.secret_key_base = "why405-lab-not-a-secret"
  config.logger = Logger.new($stdout)
  config.log_level = :info
  config.hosts.clear

  # config/initializers/cors.rb, the rack-cors README's recipe (position 0: outside ShowExceptions, so error
  # pages get the headers too)...
  config.middleware.insert_before 0, Rack::Cors do
    allow do
      origins "http://localhost:7100"
      resource "/api/*", headers: :any, methods: [:get, :post, :put, :delete, :options]
    end
    # ...and its commonest mistake: a methods list that omits :put.
    allow do
      origins "http://localhost:7100"
      resource "/strict/*", headers: :any, methods: [:get, :post, :delete, :options]
    end
  end
end

class ItemsController < ActionController::API
  def show
    render json: { id: params[:id] }
  end

  def update
    render json: { id: params[:id], updated: true }
  end
end

LabApp.initialize!

LabApp.routes.draw do
  get "/health", to: "items#show"
  get "/api/items/:id", to: "items#show"
  put "/api/items/:id", to: "items#update"
  get "/api/notes/:id", to: "items#show"
  get "/strict/items/:id", to: "items#show"
  put "/strict/items/:id", to: "items#update"
  get "/plain/items/:id", to: "items#show"
  put "/plain/items/:id", to: "items#update"
end

run LabApp
