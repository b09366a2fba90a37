#pragma once
#include <Poco/Net/HTTPServer.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace akashi::plugins::test
{
/// A real HTTP server on 127.0.0.1 (ephemeral port) standing in for the OpenAI API or Ollama: the plugins
/// under test only see a different `url`. Each request is recorded, then answered by the next queued reply
/// if any, else by the responder; `openAi` and `ollama` build responders that speak those wire formats.
/// Thread-safe; the destructor cuts short any delayed reply and waits for every handler before returning.
class FakeEmbeddingServer
{
public:
    struct Request
    {
        std::string method;
        std::string path;
        std::map<std::string, std::string> headers; ///< names lowercased
        std::string body;
    };

    struct Reply
    {
        int status = 200;
        std::string body;
        std::vector<std::pair<std::string, std::string>> headers;
        /// Time to wait before answering (a slow upstream); cut short when the server stops.
        std::chrono::milliseconds delay{0};
    };

    using Responder = std::function<Reply(const Request&)>;

    /// Listens on `port` (0 = any free one); a test restarts a stopped upstream on the port it had.
    explicit FakeEmbeddingServer(Responder responder, std::uint16_t port = 0);
    ~FakeEmbeddingServer();

    FakeEmbeddingServer(const FakeEmbeddingServer&) = delete;
    FakeEmbeddingServer& operator=(const FakeEmbeddingServer&) = delete;

    /// "http://127.0.0.1:<port>".
    std::string url() const;
    std::uint16_t port() const noexcept { return _port; }

    /// Answers the next request with `reply` instead of the responder (replies queue in order).
    void enqueue(Reply reply);

    std::vector<Request> requests() const;
    std::size_t requestCount() const;

    /// The vector the fake servers give `input`: element 0 is the input's length in bytes (so a test sees
    /// which input a vector belongs to), element j > 0 is j / 1000.
    static std::vector<float> vectorFor(const std::string& input, std::size_t dimensions);

    /// POST /v1/embeddings as OpenAI answers it, `data` in reverse input order (the API does not promise
    /// order; clients must sort by `index`), vectors of `dimensions`. Other paths: 404 with an OpenAI error.
    static Responder openAi(std::size_t dimensions);

    /// POST /api/embed as Ollama answers it (`embeddings` in input order), and GET /api/tags. Other paths:
    /// 404 with an Ollama error.
    static Responder ollama(std::size_t dimensions);

    /// The strings of the request body's "input" array (empty when there is none).
    static std::vector<std::string> inputsOf(const Request& request);

    /// Called by the request handler (an implementation detail of the .cpp).
    Reply handle(Request request);
    /// Waits `delay` unless the server stops first.
    void pause(std::chrono::milliseconds delay);
    void handlerStarted();
    void handlerFinished();

private:
    Responder _responder;
    mutable std::mutex _mutex;
    std::condition_variable _changed;
    std::deque<Reply> _queued;
    std::vector<Request> _requests;
    bool _stopping = false;
    int _activeHandlers = 0;
    Poco::ThreadPool _threads;
    std::unique_ptr<Poco::Net::HTTPServer> _server;
    std::uint16_t _port = 0;
};
} // namespace akashi::plugins::test
