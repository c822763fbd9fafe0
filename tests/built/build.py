#!/usr/bin/env python3
"""Writes the BUILT cases under tests/built/<case>/: input.har, expected.json and SOURCE.md.

Not captured: each case starts from a HAR the lab captured with real Chromium (tests/fixtures/<template>/input.har,
a Chrome DevTools export) and changes only what a stack's documentation (or source code) says that stack answers:
the URL and host, the method, the response status, headers and body. Everything else (the entry shape, timings,
initiator, request headers Chromium sent) is the capture's. Run it from anywhere: python3 tests/built/build.py
"""
import copy
import json
import os
from urllib.parse import urlsplit, parse_qsl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PAGE = "https://app.example.com"

PAIR = "koa_router_405_put"  # preflight answered, then the PUT answered
PREFLIGHT_FAILS = "nginx_static_post_json_preflight_405"  # preflight refused, the request never sent
SIMPLE = "nginx_static_post_text_405"  # a simple POST whose answer the browser blocked (headers kept, no body)
FORM = "nginx_form_post_static_405"  # a form's POST navigation (the body is kept)


def template(name):
    with open(os.path.join(ROOT, "tests/fixtures", name, "input.har"), encoding="utf-8") as f:
        return json.load(f)


def set_header(headers, name, value):
    for h in headers:
        if h["name"].lower() == name.lower():
            h["value"] = value
            return
    headers.append({"name": name, "value": value})


def retarget(entry, url, method, actual_method=None):
    """The request goes to `url` with `method` from the page https://app.example.com."""
    req = entry["request"]
    initiator = entry.get("_initiator") or {}
    if initiator.get("type") == "preflight":
        initiator["url"] = url
    req["method"] = method
    req["url"] = url
    parts = urlsplit(url)
    req["queryString"] = [{"name": k, "value": v} for k, v in parse_qsl(parts.query)]
    for h in req["headers"]:
        n = h["name"].lower()
        if n == "host":
            h["value"] = parts.netloc
        elif n == "origin":
            h["value"] = PAGE
        elif n == "referer":
            h["value"] = PAGE + "/"
        elif n == "sec-fetch-site":
            h["value"] = "cross-site"
        elif n == "access-control-request-method" and actual_method:
            h["value"] = actual_method


def respond(entry, status, headers, body=None, mime=None, error=None):
    res = entry["response"]
    res["status"] = status
    res["statusText"] = ""
    res["headers"] = [{"name": n, "value": v} for n, v in headers]
    content = {"size": len(body.encode()) if body else 0, "mimeType": mime or "x-unknown"}
    if body is not None:
        content["text"] = body
    res["content"] = content
    if error:
        res["_error"] = error
    elif "_error" in res:
        res["_error"] = None


def entries(har):
    return har["log"]["entries"]


def by_method(har, method):
    return next(e for e in entries(har) if e["request"]["method"] == method)


# ---------------------------------------------------------------------------------------------------------------
# Documented responses
# ---------------------------------------------------------------------------------------------------------------

IIS_405 = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n'
    '<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n'
    "<title>405 - HTTP verb used to access this page is not allowed.</title>\r\n</head>\r\n<body>\r\n"
    '<div id="header"><h1>Server Error</h1></div>\r\n<div id="content">\r\n <div class="content-container"><fieldset>\r\n'
    "  <h2>405 - HTTP verb used to access this page is not allowed.</h2>\r\n"
    "  <h3>The page you are looking for cannot be displayed because an invalid method (HTTP verb) was used to "
    "attempt access.</h3>\r\n </fieldset></div>\r\n</div>\r\n</body>\r\n</html>\r\n"
)
NGINX_405 = (
    "<html>\r\n<head><title>405 Not Allowed</title></head>\r\n<body>\r\n<center><h1>405 Not Allowed</h1></center>\r\n"
    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
CLOUDFLARE_1020 = (
    "<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head><body>\n"
    "<h1>Sorry, you have been blocked</h1>\n<h2>You are unable to access www.example.com</h2>\n"
    "<p>Error code 1020: Access denied</p>\n"
    '<p>Cloudflare Ray ID: <strong class="font-semibold">8e1f2a3b4c5d6e7f</strong></p>\n</body></html>\n'
)
S3_WEBSITE_405 = (
    "<html>\n<head><title>405 Method Not Allowed</title></head>\n<body>\n<h1>405 Method Not Allowed</h1>\n<ul>\n"
    "<li>Code: MethodNotAllowed</li>\n<li>Message: The specified method is not allowed against this resource.</li>\n"
    "<li>Method: POST</li>\n<li>ResourceType: OBJECT</li>\n<li>RequestId: 4442587FB7D0A2F9</li>\n"
    "<li>HostId: Qm9ndXMgaG9zdCBpZA==</li>\n</ul>\n<hr/>\n</body>\n</html>\n"
)
ASPNET_405 = (
    '{"type":"https://tools.ietf.org/html/rfc9110#section-15.5.6","title":"Method Not Allowed","status":405,'
    '"traceId":"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00"}'
)
LARAVEL_405 = (
    '{"message":"The PUT method is not supported for route api/items/1. Supported methods: GET, HEAD.",'
    '"exception":"Symfony\\\\Component\\\\HttpKernel\\\\Exception\\\\MethodNotAllowedHttpException",'
    '"file":"/var/www/vendor/laravel/framework/src/Illuminate/Routing/AbstractRouteCollection.php","line":123,'
    '"trace":[]}'
)
# A layer that is neither nginx nor Apache is not explained with their rule names.
NGINX_WORDS = ["limit_except", "LimitExcept", "proxy_pass"]
DATE = ("Date", "Wed, 02 Dec 2026 03:00:00 GMT")
CORS_OK = [("Access-Control-Allow-Origin", PAGE), ("Vary", "Origin")]


def case_iis_webdav_put_405():
    h = template(PAIR)
    url = "https://api.example.com/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    iis = [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET"), DATE]
    respond(pre, 200, iis + CORS_OK + [("Access-Control-Allow-Methods", "GET, PUT, DELETE, OPTIONS"),
                                       ("Access-Control-Allow-Headers", "content-type"), ("Content-Length", "0")])
    respond(put, 405, iis + [("Access-Control-Allow-Origin", PAGE), ("Content-Type", "text/html"),
                             ("Content-Length", str(len(IIS_405)))], IIS_405, "text/html")
    return h


def case_azure_app_service_iis_webdav_delete_405():
    h = template(PAIR)
    url = "https://contoso-api.azurewebsites.net/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "DELETE")
    retarget(put, url, "DELETE")
    iis = [("Server", "Microsoft-IIS/10.0"), ("X-Powered-By", "ASP.NET"), DATE,
           ("Set-Cookie", "ARRAffinity=4f2c1d0e9b8a7c6d; Path=/; HttpOnly; Secure; Domain=contoso-api.azurewebsites.net"),
           ("Set-Cookie", "ARRAffinitySameSite=4f2c1d0e9b8a7c6d; Path=/; HttpOnly; SameSite=None; Secure; "
                          "Domain=contoso-api.azurewebsites.net")]
    respond(pre, 200, iis + CORS_OK + [("Access-Control-Allow-Methods", "GET, PUT, DELETE, OPTIONS"),
                                       ("Access-Control-Allow-Headers", "content-type"), ("Content-Length", "0")])
    respond(put, 405, iis + [("Access-Control-Allow-Origin", PAGE), ("Content-Type", "text/html"),
                             ("Content-Length", str(len(IIS_405)))], IIS_405, "text/html")
    return h


def case_cloudflare_passes_origin_405_form():
    h = template(FORM)
    e = entries(h)[0]
    retarget(e, "https://www.example.com/contact.html", "POST")
    respond(e, 405, [("Server", "cloudflare"), ("CF-RAY", "8e1f2a3b4c5d6e7f-FRA"), ("CF-Cache-Status", "DYNAMIC"),
                     ("Content-Type", "text/html"), DATE], NGINX_405, "text/html")
    return h


def case_cloudflare_waf_blocks_form_post_403():
    h = template(FORM)
    e = entries(h)[0]
    retarget(e, "https://www.example.com/contact", "POST")
    respond(e, 403, [("Server", "cloudflare"), ("CF-RAY", "8e1f2a3b4c5d6e7f-FRA"),
                     ("Content-Type", "text/html; charset=UTF-8"), DATE], CLOUDFLARE_1020, "text/html")
    return h


def case_aws_api_gateway_missing_authentication_token_put():
    h = template(PAIR)
    url = "https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    apigw = [("x-amzn-RequestId", "6f1a2b3c-4d5e-6f70-8192-a3b4c5d6e7f8"), ("x-amz-apigw-id", "Kq3FnHxyIAMEbVw="), DATE]
    respond(pre, 200, apigw + [("Content-Type", "application/json"), ("Content-Length", "0"),
                               ("Access-Control-Allow-Origin", PAGE),
                               ("Access-Control-Allow-Methods", "GET,PUT,OPTIONS"),
                               ("Access-Control-Allow-Headers", "Content-Type")])
    respond(put, 403, apigw + [("Content-Type", "application/json"), ("Content-Length", "42"),
                               ("x-amzn-ErrorType", "MissingAuthenticationTokenException")], None, None,
            "net::ERR_FAILED")
    return h


def case_aws_alb_waf_blocks_delete_403():
    h = template(PAIR)
    url = "https://api.example.com/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "DELETE")
    retarget(put, url, "DELETE")
    respond(pre, 204, [("X-Powered-By", "Express"), ("Access-Control-Allow-Origin", PAGE), ("Vary", "Origin"),
                       ("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE"),
                       ("Access-Control-Allow-Headers", "content-type"), ("Content-Length", "0"), DATE])
    respond(put, 403, [("Server", "awselb/2.0"), ("Content-Type", "text/html"), ("Content-Length", "118"), DATE],
            None, None, "net::ERR_FAILED")
    return h


def case_cloudfront_post_not_allowed_403():
    h = template(SIMPLE)
    e = entries(h)[0]
    retarget(e, "https://d111111abcdef8.cloudfront.net/api/feedback", "POST")
    respond(e, 403, [("Server", "CloudFront"), ("Content-Type", "text/html"), ("Content-Length", "915"), DATE,
                     ("X-Cache", "Error from cloudfront"), ("Via", "1.1 3f2a6c1e0d9b8a7c.cloudfront.net (CloudFront)"),
                     ("X-Amz-Cf-Pop", "FRA56-P1"),
                     ("X-Amz-Cf-Id", "2Tq0v9Xc8bZ0yP5n0Q1uHk3m7Y5t9sR3aVbC4dE6fG8hI0jK2lM4nO==")],
            None, None, "net::ERR_FAILED")
    return h


def case_s3_website_form_post_405():
    h = template(FORM)
    e = entries(h)[0]
    retarget(e, "http://example-bucket.s3-website-us-east-1.amazonaws.com/contact.html", "POST")
    respond(e, 405, [("x-amz-request-id", "4442587FB7D0A2F9"), ("x-amz-id-2", "Qm9ndXMgaG9zdCBpZA=="),
                     ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(S3_WEBSITE_405))),
                     DATE, ("Server", "AmazonS3")], S3_WEBSITE_405, "text/html")
    return h


def case_github_pages_form_post_405():
    h = template(FORM)
    e = entries(h)[0]
    retarget(e, "https://octocat.github.io/contact.html", "POST")
    respond(e, 405, [("Server", "GitHub.com"), ("Content-Type", "text/html"), ("Content-Length", str(len(NGINX_405))),
                     ("x-github-request-id", "AB62:131A35:896E6A:8C6E8F:65E81F46"), DATE], NGINX_405, "text/html")
    return h


def case_vercel_post_static_file_405():
    h = template(SIMPLE)
    e = entries(h)[0]
    retarget(e, "https://my-site.vercel.app/data.json", "POST")
    respond(e, 405, [("Server", "Vercel"), ("Content-Type", "text/plain; charset=utf-8"), DATE,
                     ("x-vercel-error", "INVALID_REQUEST_METHOD"), ("x-vercel-id", "fra1::7kq2x-1764644400000-0a1b2c3d4e5f")],
            None, None, "net::ERR_FAILED")
    return h


def case_netlify_function_express_put_404():
    h = template("express_cors_put_unrouted")
    url = "https://my-site.netlify.app/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    for e in (pre, put):
        hs = e["response"]["headers"]
        for n in ("Connection", "Keep-Alive"):
            e["response"]["headers"] = hs = [x for x in hs if x["name"] != n]
        set_header(hs, "Access-Control-Allow-Origin", PAGE) if any(
            x["name"] == "Access-Control-Allow-Origin" for x in hs) else None
        hs.append({"name": "Server", "value": "Netlify"})
        hs.append({"name": "x-nf-request-id", "value": "01JD8Y3Q7V5M2K9T4W6X8Z0A1B"})
    return h


def case_kong_cors_plugin_origin_not_listed():
    h = template(PREFLIGHT_FAILS)
    url = "https://gateway.example.com/api/items/1"
    pre, post = by_method(h, "OPTIONS"), by_method(h, "POST")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(post, url, "PUT")
    respond(pre, 200, [DATE, ("Content-Length", "0"), ("Connection", "keep-alive"), ("Vary", "Origin"),
                       ("Access-Control-Allow-Headers", "content-type"), ("Access-Control-Allow-Methods", "GET,PUT"),
                       ("Access-Control-Max-Age", "3600"), ("X-Kong-Response-Latency", "0"), ("Server", "kong/3.6.1")])
    return h


def case_envoy_passes_fastapi_put_405():
    h = template("fastapi_open_put_get_only_route")
    url = "https://mesh.example.com/open/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    for e in (pre, put):
        for x in e["response"]["headers"]:
            if x["name"] == "server":
                x["value"] = "envoy"
            if x["name"] == "access-control-allow-origin":
                x["value"] = PAGE
        e["response"]["headers"].append({"name": "x-envoy-upstream-service-time", "value": "3"})
    return h


def case_traefik_no_available_server_form_503():
    h = template(FORM)
    e = entries(h)[0]
    retarget(e, "https://shop.example.com/contact", "POST")
    respond(e, 503, [("Content-Type", "text/plain; charset=utf-8"), ("X-Content-Type-Options", "nosniff"), DATE,
                     ("Content-Length", "20")], "no available server\n", "text/plain")
    return h


def case_google_frontend_flask_put_405():
    h = template("flask_cors_put_get_only_route")
    url = "https://items-api-abc123-ew.a.run.app/cors/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    for e in (pre, put):
        hs = [x for x in e["response"]["headers"] if x["name"] != "Connection"]
        for x in hs:
            if x["name"] == "Server":
                x["value"] = "Google Frontend"
            if x["name"] == "Access-Control-Allow-Origin":
                x["value"] = PAGE
        e["response"]["headers"] = hs
    return h


def case_spring_invalid_cors_request_preflight_403():
    h = template(PREFLIGHT_FAILS)
    url = "https://api.example.com/api/items/1"
    pre, post = by_method(h, "OPTIONS"), by_method(h, "POST")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(post, url, "PUT")
    respond(pre, 403, [("Vary", "Origin"), ("Vary", "Access-Control-Request-Method"),
                       ("Vary", "Access-Control-Request-Headers"), ("Content-Length", "20"), DATE])
    return h


def case_aspnet_core_problem_details_put_405():
    h = template(PAIR)
    url = "https://api.example.com/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    respond(pre, 204, [DATE, ("Server", "Kestrel"), ("Access-Control-Allow-Headers", "content-type"),
                       ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Origin", PAGE),
                       ("Vary", "Origin")])
    respond(put, 405, [("Content-Type", "application/problem+json"), DATE, ("Server", "Kestrel"),
                       ("Allow", "GET"), ("Access-Control-Allow-Origin", PAGE), ("Vary", "Origin"),
                       ("Transfer-Encoding", "chunked")], ASPNET_405, "application/problem+json")
    return h


def case_aspnet_core_cors_preflight_origin_not_allowed():
    h = template(PREFLIGHT_FAILS)
    url = "https://api.example.com/api/items/1"
    pre, post = by_method(h, "OPTIONS"), by_method(h, "POST")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(post, url, "PUT")
    respond(pre, 204, [DATE, ("Server", "Kestrel")])
    return h


def case_laravel_put_405_method_not_allowed():
    h = template(PAIR)
    url = "https://api.example.com/api/items/1"
    pre, put = by_method(h, "OPTIONS"), by_method(h, "PUT")
    retarget(pre, url, "OPTIONS", "PUT")
    retarget(put, url, "PUT")
    php = [("Server", "nginx"), ("X-Powered-By", "PHP/8.3.4"), ("Cache-Control", "no-cache, private"), DATE]
    respond(pre, 204, php + [("Access-Control-Allow-Origin", PAGE), ("Access-Control-Allow-Methods", "PUT"),
                             ("Access-Control-Allow-Headers", "content-type"), ("Access-Control-Max-Age", "0"),
                             ("Vary", "Origin")])
    respond(put, 405, php + [("Content-Type", "application/json"), ("Allow", "GET, HEAD"),
                             ("Access-Control-Allow-Origin", PAGE), ("Vary", "Origin")], LARAVEL_405,
            "application/json")
    return h


# ---------------------------------------------------------------------------------------------------------------
# The cases: what each is built from, its documented source, and the diagnosis it must get
# ---------------------------------------------------------------------------------------------------------------

def put_url(h, method):
    return next(e["request"]["url"] for e in reversed(entries(h)) if e["request"]["method"] == method)


CASES = [
    dict(
        name="iis_webdav_put_405", build=case_iis_webdav_put_405, template=PAIR, method="PUT",
        scenario="IIS with the WebDAV module answers a PUT to an ASP.NET app with its own 405 page; the site's "
                 "<customHeaders> add Access-Control-Allow-Origin to every response, so the page reads the 405.",
        source="https://learn.microsoft.com/aspnet/web-api/overview/testing-and-debugging/troubleshooting-http-405-errors-after-publishing-web-api-applications",
        quote="\"developers may run into situations where those verbs are implemented by another IIS module on their "
              "production IIS server, which leads to a situation where a Web API controller that works correctly in "
              "Visual Studio or on a development server will return an HTTP 405 error\"; the page body is IIS's "
              "\"405 - HTTP verb used to access this page is not allowed.\" (IIS 405.0, "
              "https://learn.microsoft.com/troubleshoot/developer/webapps/iis/www-administration-management/http-status-code); "
              "customHeaders apply to every response: https://learn.microsoft.com/iis/configuration/system.webserver/httpprotocol/customheaders/",
        changed="host and path; the preflight's answer (200 from the app, with IIS's Server and X-Powered-By); the "
                "PUT's answer: 405, IIS's headers and 405 page, the Access-Control-Allow-Origin from customHeaders",
        expect=dict(cause="server_rule", cors_error=None, status=405, stack="iis", words_lack=NGINX_WORDS),
    ),
    dict(
        name="azure_app_service_iis_webdav_delete_405", build=case_azure_app_service_iis_webdav_delete_405,
        template=PAIR, method="DELETE",
        scenario="An ASP.NET app on Azure App Service (Windows): IIS's WebDAV module answers DELETE with its 405 "
                 "page; the ARRAffinity cookies show App Service, the page names IIS, which is what to fix.",
        source="https://learn.microsoft.com/azure/app-service/configure-common#configure-general-settings",
        quote="App Service's ARR affinity (\"ARRAffinity\" cookie) setting; the 405 is IIS's, as in "
              "https://learn.microsoft.com/aspnet/web-api/overview/testing-and-debugging/troubleshooting-http-405-errors-after-publishing-web-api-applications",
        changed="host, path and method (DELETE); both answers get IIS's headers and App Service's ARRAffinity "
                "cookies; the DELETE's answer is IIS's 405 page",
        expect=dict(cause="server_rule", cors_error=None, status=405, stack="iis", words_lack=NGINX_WORDS),
    ),
    dict(
        name="cloudflare_passes_origin_405_form", build=case_cloudflare_passes_origin_405_form, template=FORM,
        method="POST",
        scenario="A form posts to a static page behind Cloudflare: the origin (nginx) answers 405, Cloudflare passes "
                 "it on with Server: cloudflare and CF-RAY. The 405 is nginx's, not Cloudflare's.",
        source="https://developers.cloudflare.com/support/troubleshooting/http-status-codes/4xx-client-error/error-405/",
        quote="\"Cloudflare does not directly generate 405 errors. These errors are returned by the origin server "
              "when it does not allow the HTTP method used in the request.\"; Server: cloudflare and CF-RAY: "
              "https://developers.cloudflare.com/fundamentals/reference/http-headers/",
        changed="host and path; the answer's headers (Server: cloudflare, CF-RAY, CF-Cache-Status); the body is "
                "the captured nginx 405 page without its version",
        expect=dict(cause="server_rule", cors_error=None, status=405, stack="nginx", kind="navigation"),
    ),
    dict(
        name="cloudflare_waf_blocks_form_post_403", build=case_cloudflare_waf_blocks_form_post_403, template=FORM,
        method="POST",
        scenario="A WAF custom rule blocks a form's POST: Cloudflare answers 403 with its block page (error 1020, "
                 "Ray ID); the origin never saw the request.",
        source="https://developers.cloudflare.com/support/troubleshooting/http-status-codes/cloudflare-1xxx-errors/error-1020/",
        quote="\"Error 1020: Access denied\" — a request that matched a WAF custom rule with a block action; the "
              "block page shows the Cloudflare Ray ID",
        changed="host and path; status 403; Cloudflare's headers; the body is Cloudflare's block page (abridged)",
        expect=dict(cause="server_rule", cors_error=None, status=403, stack="cloudflare", words_lack=NGINX_WORDS, kind="navigation"),
    ),
    dict(
        name="aws_api_gateway_missing_authentication_token_put",
        build=case_aws_api_gateway_missing_authentication_token_put, template=PAIR, method="PUT",
        scenario="A REST API in API Gateway has an OPTIONS (CORS) method on /items/{id} but no PUT: API Gateway "
                 "answers the PUT itself, 403 Missing Authentication Token, without CORS headers.",
        source="https://repost.aws/knowledge-center/api-gateway-authentication-token-errors",
        quote="\"API Gateway REST API endpoints return a Missing Authentication Token error for the following "
              "reasons: An API request was made to a method or resource that does not exist.\"; gateway response "
              "MISSING_AUTHENTICATION_TOKEN (403): "
              "https://docs.aws.amazon.com/apigateway/latest/developerguide/supported-gateway-response-types.html",
        changed="host and path; the preflight's answer (API Gateway's mock OPTIONS: 200 with CORS headers); the "
                "PUT's answer: 403 with x-amzn-RequestId, x-amz-apigw-id, x-amzn-ErrorType, no CORS header, so "
                "Chromium blocks it and keeps no body",
        expect=dict(cause="server_rule", cors_error="MissingAllowOriginHeader", status=403, stack="aws_api_gateway", words_lack=NGINX_WORDS),
    ),
    dict(
        name="aws_alb_waf_blocks_delete_403", build=case_aws_alb_waf_blocks_delete_403, template=PAIR,
        method="DELETE",
        scenario="An AWS WAF web ACL on an Application Load Balancer blocks DELETE: the app answered the preflight, "
                 "the load balancer answers the DELETE with its own 403 (Server: awselb/2.0), without CORS headers.",
        source="https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html",
        quote="\"HTTP 403: Forbidden — You configured an AWS WAF web access control list (web ACL) to monitor "
              "requests to your Application Load Balancer and it blocked a request.\"",
        changed="host, path and method (DELETE); the preflight's answer is Express's (as captured, origin "
                "changed); the DELETE's answer: 403, Server: awselb/2.0, text/html, blocked by Chromium",
        expect=dict(cause="server_rule", cors_error="MissingAllowOriginHeader", status=403, stack="aws_alb", words_lack=NGINX_WORDS),
    ),
    dict(
        name="cloudfront_post_not_allowed_403", build=case_cloudfront_post_not_allowed_403, template=SIMPLE,
        method="POST",
        scenario="A simple POST to a CloudFront distribution whose cache behavior allows only GET and HEAD: "
                 "CloudFront answers 403 itself, without CORS headers.",
        source="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/http-403-invalid-method.html",
        quote="\"CloudFront returns a 403 (Invalid method) error if you're trying to use an HTTP method that you "
              "haven't specified in the CloudFront distribution\"; its page says \"This distribution is not "
              "configured to allow the HTTP request method that was used for this request.\" "
              "(https://handbook.chaineapp.com/handbook/engineering/resources/aws/AWS-Cloudfront/; a method outside the behavior's AllowedMethods: "
              "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_AllowedMethods.html); its error "
              "responses say Server: CloudFront and X-Cache: Error from cloudfront",
        changed="host and path; status 403 and CloudFront's headers (Server, X-Cache, Via, X-Amz-Cf-Pop, "
                "X-Amz-Cf-Id); blocked by Chromium, so no body",
        expect=dict(cause="server_rule", cors_error="MissingAllowOriginHeader", status=403, stack="cloudfront", words_lack=NGINX_WORDS),
    ),
    dict(
        name="s3_website_form_post_405", build=case_s3_website_form_post_405, template=FORM, method="POST",
        scenario="A form on a site hosted by an S3 website endpoint posts to a page: S3 answers 405 "
                 "MethodNotAllowed (its website endpoint serves only GET and HEAD).",
        source="https://docs.aws.amazon.com/AmazonS3/latest/userguide/WebsiteEndpoints.html",
        quote="website endpoints: \"Supports only GET and HEAD requests on objects\" and \"Returns an HTML "
              "document\" for errors; MethodNotAllowed, 405, \"The specified method is not allowed against this "
              "resource.\": https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html",
        changed="host and path; status 405; S3's headers (x-amz-request-id, x-amz-id-2, Server: AmazonS3) and its "
                "HTML error document",
        expect=dict(cause="server_rule", cors_error=None, status=405, stack="s3", words_lack=NGINX_WORDS, kind="navigation"),
    ),
    dict(
        name="github_pages_form_post_405", build=case_github_pages_form_post_405, template=FORM, method="POST",
        scenario="A form on a GitHub Pages site posts to a page of the site: GitHub Pages answers 405 (it serves "
                 "only GET and HEAD). The page looks like nginx's; Server: GitHub.com says who to blame.",
        source="https://docs.github.com/pages/getting-started-with-github-pages/what-is-github-pages",
        quote="GitHub Pages publishes static files; a POST gets 405 (reported: "
              "https://github.com/stevensona/briskforms/issues/22, "
              "https://github.com/Oussemasahbeni/keycloakify-shadcn-starter/issues/34); its responses say "
              "server: GitHub.com and carry x-github-request-id (https://httr2.r-lib.org/reference/resp_headers.html)",
        changed="host and path; the answer's headers (Server: GitHub.com, x-github-request-id); the body is the "
                "captured nginx 405 page without its version",
        expect=dict(cause="server_rule", cors_error=None, status=405, stack="github_pages", words_lack=NGINX_WORDS, kind="navigation"),
    ),
    dict(
        name="vercel_post_static_file_405", build=case_vercel_post_static_file_405, template=SIMPLE, method="POST",
        scenario="A simple POST to a static file on Vercel: Vercel answers 405 INVALID_REQUEST_METHOD itself, "
                 "without CORS headers.",
        source="https://vercel.com/docs/errors/INVALID_REQUEST_METHOD",
        quote="\"The INVALID_REQUEST_METHOD error occurs when a request is made with a method that is either "
              "invalid or not supported by the server.\" 405; x-vercel-id and server: "
              "https://vercel.com/docs/headers/response-headers",
        changed="host and path; status 405; Vercel's headers (Server, x-vercel-error, x-vercel-id); blocked by "
                "Chromium, so no body",
        expect=dict(cause="server_rule", cors_error="MissingAllowOriginHeader", status=405, stack="vercel", words_lack=NGINX_WORDS),
    ),
    dict(
        name="netlify_function_express_put_404", build=case_netlify_function_express_put_404,
        template="express_cors_put_unrouted", method="PUT",
        scenario="An Express app in a Netlify Function (serverless-http): Express answers the unrouted PUT with "
                 "\"Cannot PUT\"; Netlify passes it on with Server: Netlify and x-nf-request-id. Express is named "
                 "(its page), Netlify only seen.",
        source="https://answers.netlify.com/t/support-guide-netlify-support-asked-for-the-x-nf-request-id-header-what-is-it-and-how-do-i-find-it/4385",
        quote="\"Netlify creates a unique HTTP response header for each request it replies to - the x-nf-request-id response header.\"; Netlify Functions' responses are "
              "the function's own (https://docs.netlify.com/functions/overview/)",
        changed="host; the origin in Access-Control-Allow-Origin; Server: Netlify and x-nf-request-id added to "
                "both answers, Connection/Keep-Alive removed; bodies as captured",
        expect=dict(cause="not_method_related", cors_error=None, status=404, stack="express", needs_probe=True),
    ),
    dict(
        name="kong_cors_plugin_origin_not_listed", build=case_kong_cors_plugin_origin_not_listed,
        template=PREFLIGHT_FAILS, method="PUT",
        scenario="Kong's cors plugin answers the preflight itself (200) but the page's origin is not in "
                 "config.origins, so it sends no Access-Control-Allow-Origin; the PUT is never sent.",
        source="https://github.com/Kong/kong/blob/master/kong/plugins/cors/handler.lua",
        quote="configure_origin: \"kong.response.clear_header(\\\"Access-Control-Allow-Origin\\\")\" when no "
              "configured origin matches; the preflight ends with \"return kong.response.exit(HTTP_OK)\"; Kong's "
              "own answers carry Server: kong/<version> and X-Kong-Response-Latency "
              "(https://github.com/Kong/kong/pull/3511/files)",
        changed="host, path and method (PUT); the preflight's answer: 200 with the plugin's headers and none for "
                "the origin",
        expect=dict(cause="cors_preflight", cors_error="PreflightMissingAllowOriginHeader", status=200, stack="kong"),
    ),
    dict(
        name="envoy_passes_fastapi_put_405", build=case_envoy_passes_fastapi_put_405,
        template="fastapi_open_put_get_only_route", method="PUT",
        scenario="FastAPI behind Envoy: FastAPI answers 405 with its JSON body and Allow: GET; Envoy replaces the "
                 "server header and adds x-envoy-upstream-service-time. FastAPI is named (its body), Envoy seen.",
        source="https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/router_filter#x-envoy-upstream-service-time",
        quote="x-envoy-upstream-service-time: \"the time in milliseconds spent by the upstream host processing the "
              "request\"; server_name defaults to \"envoy\" "
              "(https://www.envoyproxy.io/docs/envoy/latest/api-v3/extensions/filters/network/http_connection_manager/v3/http_connection_manager.proto)",
        changed="host; server: envoy instead of uvicorn; x-envoy-upstream-service-time added; the origin in "
                "access-control-allow-origin; bodies as captured",
        expect=dict(cause="method_mismatch", cors_error=None, status=405, allowed=["GET"], stack="fastapi"),
    ),
    dict(
        name="traefik_no_available_server_form_503", build=case_traefik_no_available_server_form_503,
        template=FORM, method="POST",
        scenario="A form posts through Traefik to a service with no healthy server: Traefik answers 503 \"no "
                 "available server\"; not a method problem.",
        source="https://github.com/traefik/traefik/blob/master/pkg/server/service/loadbalancer/wrr/wrr.go",
        quote="var errNoAvailableServer = errors.New(\"no available server\"), answered with "
              "http.StatusServiceUnavailable",
        changed="host and path; status 503, Go's http.Error headers and Traefik's body",
        expect=dict(cause="not_method_related", cors_error=None, status=503, stack="traefik", kind="navigation"),
    ),
    dict(
        name="google_frontend_flask_put_405", build=case_google_frontend_flask_put_405,
        template="flask_cors_put_get_only_route", method="PUT",
        scenario="Flask on Cloud Run: Werkzeug answers 405 for a GET-only route; Google Frontend replaces the "
                 "Server header. Werkzeug's page names the server, not a framework (Flask, or another Werkzeug-based app); "
                 "Google Frontend is only seen and gets no fix.",
        source="https://cloud.google.com/run/docs/container-contract",
        quote="Cloud Run passes the request to the container, which answers it; responses of services on Google's "
              "front end show server: Google Frontend (no Google page states the value; e.g. the documented "
              "responses of https://iso3166-updates.com)",
        changed="host; Server: Google Frontend instead of Werkzeug's; the origin in Access-Control-Allow-Origin; "
                "Connection removed; bodies as captured",
        expect=dict(cause="method_mismatch", cors_error=None, status=405, allowed=["GET", "HEAD", "OPTIONS"],
                    stack=None, server="werkzeug"),
    ),
    dict(
        name="spring_invalid_cors_request_preflight_403", build=case_spring_invalid_cors_request_preflight_403,
        template=PREFLIGHT_FAILS, method="PUT",
        scenario="Spring's CORS processor refuses a preflight from an origin it does not allow: 403 \"Invalid CORS "
                 "request\" with its three Vary values; Chromium keeps no preflight body, the Vary headers name "
                 "Spring.",
        source="https://github.com/spring-projects/spring-framework/blob/main/spring-web/src/main/java/org/springframework/web/cors/DefaultCorsProcessor.java",
        quote="rejectRequest: \"response.setStatusCode(HttpStatus.FORBIDDEN); "
              "response.getBody().write(\\\"Invalid CORS request\\\".getBytes(StandardCharsets.UTF_8));\" after "
              "adding Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
        changed="host, path and method (PUT); the preflight's answer: 403, the three Vary headers, "
                "Content-Length 20",
        expect=dict(cause="cors_preflight", cors_error="PreflightMissingAllowOriginHeader", status=403,
                    stack="spring"),
    ),
    dict(
        name="aspnet_core_problem_details_put_405", build=case_aspnet_core_problem_details_put_405, template=PAIR,
        method="PUT",
        scenario="ASP.NET Core with AddProblemDetails and UseStatusCodePages: routing answers 405 for a GET-only "
                 "endpoint with a ProblemDetails body (W3C traceId) and Allow: GET; UseCors added the CORS headers.",
        source="https://learn.microsoft.com/aspnet/core/fundamentals/error-handling#problem-details",
        quote="AddProblemDetails + UseStatusCodePages: \"generates a problem details response for ... HTTP client "
              "and server error responses that don't have body content yet\"; type "
              "https://tools.ietf.org/html/rfc9110#section-15.5.6 for 405, with a traceId",
        changed="host; the preflight's answer (204 from UseCors); the PUT's answer: 405, Allow: GET, "
                "application/problem+json, the ProblemDetails body",
        expect=dict(cause="method_mismatch", cors_error=None, status=405, allowed=["GET"], stack="aspnet_core"),
    ),
    dict(
        name="aspnet_core_cors_preflight_origin_not_allowed",
        build=case_aspnet_core_cors_preflight_origin_not_allowed, template=PREFLIGHT_FAILS, method="PUT",
        scenario="ASP.NET Core's CORS middleware answers a preflight from an origin its policy does not list: 204 "
                 "without any Access-Control-* header; the PUT is never sent. Only Server: Kestrel shows (the HTTP "
                 "server, not evidence of the framework's part), so the expectation names no stack.",
        source="https://learn.microsoft.com/aspnet/core/security/cors#how-cors-works",
        quote="\"If the response doesn't include the Access-Control-Allow-Origin header, the cross-origin request "
              "fails\"; the middleware short-circuits the preflight with 204 "
              "(https://github.com/dotnet/aspnetcore/blob/main/src/Middleware/CORS/src/Infrastructure/CorsMiddleware.cs)",
        changed="host, path and method (PUT); the preflight's answer: 204, Date and Server: Kestrel only",
        expect=dict(cause="cors_preflight", cors_error="PreflightMissingAllowOriginHeader", status=204),
    ),
    dict(
        name="laravel_put_405_method_not_allowed", build=case_laravel_put_405_method_not_allowed, template=PAIR,
        method="PUT",
        scenario="Laravel (debug on) behind nginx: the router answers a PUT to a GET-only route with 405 "
                 "MethodNotAllowedHttpException, Allow: GET, HEAD; HandleCors added the CORS headers.",
        source="https://github.com/laravel/framework/blob/11.x/src/Illuminate/Routing/AbstractRouteCollection.php",
        quote="methodNotAllowed: \"throw new MethodNotAllowedHttpException($others, sprintf('The %s method is not "
              "supported for route %s. Supported methods: %s.', ...))\"; Symfony's exception sets the Allow header "
              "(https://github.com/symfony/http-kernel/blob/7.1/Exception/MethodNotAllowedHttpException.php)",
        changed="host; the preflight's answer (204 from HandleCors, PHP's headers); the PUT's answer: 405, Allow, "
                "Laravel's JSON debug body",
        expect=dict(cause="method_mismatch", cors_error=None, status=405, allowed=["GET", "HEAD"], stack="laravel"),
    ),
]


def write(case):
    har = case["build"]()
    har["log"]["creator"] = dict(har["log"]["creator"])
    out = os.path.join(ROOT, "tests/built", case["name"])
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "input.har"), "w", encoding="utf-8") as f:
        json.dump(har, f, indent=2, ensure_ascii=False)
        f.write("\n")
    exp = dict(method=case["method"], url=put_url(har, case["method"]))
    exp.update(case["expect"])
    expected = dict(scenario=case["scenario"], built=True, source=case["source"], expect=[exp])
    with open(os.path.join(out, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(out, "SOURCE.md"), "w", encoding="utf-8") as f:
        f.write(f"# {case['name']}: BUILT, not captured\n\n")
        f.write(f"{case['scenario']}\n\n")
        f.write(f"- **Documented response**: <{case['source']}>\n")
        f.write(f"- **What it says**: {case['quote']}\n")
        f.write(f"- **Built from**: `tests/fixtures/{case['template']}/input.har` (captured by the lab in Chromium)\n")
        f.write(f"- **Changed**: {case['changed']}; everything else is the capture's.\n")
        f.write("- **Written by**: `tests/built/build.py` (run it again after changing a case).\n")


if __name__ == "__main__":
    for c in CASES:
        write(c)
    print(f"{len(CASES)} built cases written")
