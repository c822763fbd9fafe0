<?php
// Router script for PHP's built-in server (php -S 127.0.0.1:PORT router.php).
// Under `php -S`, SCRIPT_NAME equals the request path, which makes Slim 3 take
// the whole path as its base path and route every request to "/". Pin it to the
// front controller, as Apache/nginx + php-fpm would.
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = __DIR__ . '/index.php';

$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if (strpos($path, '/nocors/') === 0) {
    require __DIR__ . '/nocors.php';   // a second Slim app without any CORS handling
} else {
    require __DIR__ . '/index.php';    // the main app, with the CORS recipe from Slim's docs
}
