<?php
// The same kind of Slim 3 API without any CORS handling.
require_once '/usr/share/php/Slim/autoload.php';

$app = new \Slim\App(['settings' => ['displayErrorDetails' => false]]);

$app->get('/nocors/items/{id}', function ($request, $response, $args) {
    return $response->withJson(['id' => (int) $args['id'], 'name' => 'first']);
});

$app->put('/nocors/items/{id}', function ($request, $response, $args) {
    return $response->withJson(['id' => (int) $args['id'], 'updated' => true]);
});

$app->run();
