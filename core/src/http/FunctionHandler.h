#pragma once
#include "http/RouteHandler.h"

#include <functional>
#include <memory>

namespace akashi::http
{
/// A route served by a member function of an area's API class (e.g. `AgentsApi::create`), so one
/// class per area holds its endpoints instead of one class per endpoint.
class FunctionHandler final : public RouteHandler
{
public:
    using Function = std::function<void(RequestContext&, Poco::Net::HTTPServerRequest&, Poco::Net::HTTPServerResponse&)>;

    explicit FunctionHandler(Function function) : _function(std::move(function)) {}

    void handle(RequestContext& context, Poco::Net::HTTPServerRequest& request,
                Poco::Net::HTTPServerResponse& response) override
    {
        _function(context, request, response);
    }

    /// `bind(api, &AgentsApi::create)`: the handler keeps `api` alive.
    template <typename Api>
    static std::shared_ptr<RouteHandler> bind(std::shared_ptr<Api> api,
                                              void (Api::*method)(RequestContext&, Poco::Net::HTTPServerRequest&,
                                                                  Poco::Net::HTTPServerResponse&))
    {
        return std::make_shared<FunctionHandler>(
            [api = std::move(api), method](RequestContext& context, Poco::Net::HTTPServerRequest& request,
                                           Poco::Net::HTTPServerResponse& response) {
                ((*api).*method)(context, request, response);
            });
    }

private:
    Function _function;
};
} // namespace akashi::http
