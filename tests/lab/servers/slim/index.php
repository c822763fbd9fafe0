<?php
// A Slim 3 API with CORS set up exactly as Slim 3's documentation recipe
// ("Setting up CORS"): a catch-all OPTIONS route plus a middleware that adds
// the CORS headers to every response. The recipe's optional last step, a
// catch-all map() route that turns unknown paths into 404s, was left out, as
// it usually is.
require_once '/usr/share/php/Slim/autoload.php';

$app = new \Slim\App(['settings' => ['displayErrorDetails' => false]]);

$items = [1 => ['id' => 1, 'name' => 'first'], 2 => ['id' => 2, 'name' => 'second']];

$app->options('/{routes:.+}', function ($request, $response, $args) {
    return $response;
});

$app->add(function ($req, $res, $next) {
    $response = $next($req, $res);
    return $response
            ->withHeader('Access-Control-Allow-Origin', '*')
            ->withHeader('Access-Control-Allow-Headers', 'X-Requested-With, Content-Type, Accept, Origin, Authorization')
            ->withHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, DELETE, PATCH, OPTIONS');
});

$app->get('/health', function ($request, $response) {
    return $response->withJson(['ok' => true]);
});

$app->get('/items', function ($request, $response) use ($items) {
    return $response->withJson(array_values($items));
});

$app->post('/items', function ($request, $response) {
    $body = $request->getParsedBody();
    return $response->withJson(['id' => 3, 'name' => $body['name'] ?? null], 201);
});

$app->get('/items/{id}', function ($request, $response, $args) use ($items) {
    $id = (int) $args['id'];
    return $response->withJson($items[$id] ?? ['id' => $id]);
});

$app->run();
