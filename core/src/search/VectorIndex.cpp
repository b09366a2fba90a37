#include "search/VectorIndex.h"

#include "common/Exception.h"
#include "common/Sha256.h"
#include "logging/Log.h"
#include "search/DurableFile.h"
#include "search/IndexManifest.h"
#include "search/OrgGraph.h"

#include <cmath>
#include <filesystem>
#include <set>
#include <system_error>

namespace akashi::search
{
namespace
{
constexpr const char* kManifestFile = "manifest.json";
constexpr std::size_t kMaxDimensions = 16000;

Poco::Logger& logger()
{
    return Poco::Logger::get("search");
}

bool isAlphanumeric(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/// The model as a directory name: unsafe characters become '_'. Two models may map to the same name; the
/// manifest records the exact model, so load() then refuses the other one's files.
std::string safeModelName(const std::string& model)
{
    std::string name;
    for (const char c : model.substr(0, 200))
        name += (isAlphanumeric(c) || c == '.' || c == '_' || c == '-') ? c : '_';
    if (name.front() == '.')
        name.front() = '_';
    return name;
}

/// The org's graph file of one save generation. Org ids are UUIDs and used as they are; anything else is
/// named by its SHA-256, whose "_" prefix no plain id carries.
std::string orgFileName(const std::string& orgId, std::uint64_t generation)
{
    bool plain = orgId.size() <= 100;
    for (const char c : orgId)
        plain = plain && (isAlphanumeric(c) || c == '-');
    return (plain ? orgId : "_" + Sha256::hex(orgId)) + "." + std::to_string(generation) + ".hnsw";
}

std::string describe(const std::exception& e)
{
    if (const auto* poco = dynamic_cast<const Poco::Exception*>(&e))
        return poco->message().empty() ? poco->displayText() : poco->message();
    return e.what();
}

void requireId(const std::string& value, const char* field)
{
    if (value.empty())
        throw Exception(ErrorCode::invalidInput, std::string("vector index: ") + field + " must not be empty");
}
} // namespace

VectorIndex::VectorIndex(std::string directory, std::string model, std::size_t dimensions)
    : _directory(std::move(directory)), _model(std::move(model)), _dimensions(dimensions)
{
    if (_model.empty())
        throw Exception(ErrorCode::configInvalid, "vector index: the embedding model name must not be empty");
    if (_dimensions == 0 || _dimensions > kMaxDimensions)
        throw Exception(ErrorCode::configInvalid, "vector index: dimensions must be in [1, " +
                                                      std::to_string(kMaxDimensions) + "], got " +
                                                      std::to_string(_dimensions));
    _stateDirectory = (std::filesystem::path(_directory) / (safeModelName(_model) + "-" + std::to_string(_dimensions)))
                          .string();
}

VectorIndex::~VectorIndex() = default;

std::vector<float> VectorIndex::unitVector(const std::vector<float>& vector, const char* what) const
{
    if (vector.size() != _dimensions)
        throw Exception(ErrorCode::invalidInput,
                        std::string("vector index: ") + what + " has " + std::to_string(vector.size()) +
                            " dimensions, the index of model \"" + _model + "\" holds " + std::to_string(_dimensions));
    double squares = 0;
    for (std::size_t i = 0; i < vector.size(); ++i)
    {
        if (!std::isfinite(vector[i]))
            throw Exception(ErrorCode::invalidInput, std::string("vector index: ") + what +
                                                         " has a non-finite value at position " + std::to_string(i));
        squares += static_cast<double>(vector[i]) * vector[i];
    }
    const double norm = std::sqrt(squares);
    if (!(norm > 0) || !std::isfinite(norm))
        return {};
    std::vector<float> unit(vector.size());
    for (std::size_t i = 0; i < vector.size(); ++i)
        unit[i] = static_cast<float>(vector[i] / norm);
    return unit;
}

std::shared_ptr<OrgGraph> VectorIndex::findGraph(const std::string& orgId) const
{
    std::shared_lock lock(_orgsMutex);
    const auto found = _orgs.find(orgId);
    return found == _orgs.end() ? nullptr : found->second;
}

std::shared_ptr<OrgGraph> VectorIndex::graphFor(const std::string& orgId)
{
    if (auto graph = findGraph(orgId))
        return graph;
    std::unique_lock lock(_orgsMutex);
    auto& graph = _orgs[orgId];
    if (!graph)
        graph = std::make_shared<OrgGraph>(_dimensions);
    return graph;
}

std::vector<std::pair<std::string, std::shared_ptr<OrgGraph>>> VectorIndex::graphs() const
{
    std::shared_lock lock(_orgsMutex);
    return {_orgs.begin(), _orgs.end()};
}

void VectorIndex::upsert(const std::string& orgId, const std::string& decisionId, const std::vector<float>& vector)
{
    requireId(orgId, "org_id");
    requireId(decisionId, "decision_id");
    const std::vector<float> unit = unitVector(vector, "vector");
    if (unit.empty())
    {
        remove(orgId, decisionId);
        return;
    }
    auto graph = graphFor(orgId);
    if (graph->upsert(decisionId, unit.data()))
        ++_liveVectors;
}

void VectorIndex::remove(const std::string& orgId, const std::string& decisionId)
{
    if (auto graph = findGraph(orgId); graph && graph->remove(decisionId))
        --_liveVectors;
}

std::vector<VectorHit> VectorIndex::search(const std::string& orgId, const std::vector<float>& query,
                                           std::size_t k) const
{
    const std::vector<float> unit = unitVector(query, "query");
    const auto graph = findGraph(orgId);
    if (!graph || unit.empty() || k == 0)
        return {};
    return graph->search(unit.data(), k);
}

void VectorIndex::save() const
{
    std::lock_guard persist(_persistMutex);
    // Read before the graphs: the follower applies a change before it advances the sequence, so every
    // change up to `sequence` is in the graphs saved below. Changes after it may be saved too; replaying
    // them after a restart is harmless (upserts replace, removals of absent vectors are no-ops).
    const std::int64_t sequence = _appliedSequence.load();
    const auto orgGraphs = graphs();

    std::error_code error;
    std::filesystem::create_directories(_stateDirectory, error);
    if (error)
        throw Exception(ErrorCode::internal,
                        "vector index: cannot create directory " + _stateDirectory + ": " + error.message());

    const std::uint64_t generation = _generation + 1;
    IndexManifest manifest{_model, _dimensions, sequence, generation, {}};
    std::map<std::string, PersistedOrg> persisted;
    std::size_t written = 0;
    for (const auto& [orgId, graph] : orgGraphs)
    {
        graph->compactIfSparse();
        OrgGraph::Snapshot snapshot = graph->snapshot();
        const auto previous = _persisted.find(orgId);
        if (snapshot.live > 0 && previous != _persisted.end() && previous->second.version == snapshot.version)
        {
            const PersistedOrg& file = previous->second;
            manifest.orgs.push_back({orgId, file.file, file.bytes, file.sha256, std::move(snapshot.decisionIdByLabel)});
            persisted.emplace(orgId, file);
            continue;
        }
        if (snapshot.live == 0)
            continue; // an org without vectors needs no file: load() then simply has no graph for it

        const std::string fileName = orgFileName(orgId, generation);
        const std::string path = (std::filesystem::path(_stateDirectory) / fileName).string();
        const std::string tempPath = path + ".tmp";
        snapshot = graph->saveTo(tempPath);
        const std::uint64_t bytes = DurableFile::size(tempPath);
        if (bytes != snapshot.expectedFileBytes)
            throw Exception(ErrorCode::internal, "vector index: cannot write " + tempPath + ": " +
                                                     std::to_string(bytes) + " of " +
                                                     std::to_string(snapshot.expectedFileBytes) + " bytes written",
                            "hnswlib's saveIndex reports no I/O errors; the disk may be full");
        const std::string sha256 = DurableFile::sha256Hex(tempPath);
        DurableFile::syncAndRename(tempPath, path);
        ++written;
        persisted.emplace(orgId, PersistedOrg{fileName, bytes, sha256, snapshot.version});
        manifest.orgs.push_back({orgId, fileName, bytes, sha256, std::move(snapshot.decisionIdByLabel)});
    }

    if (_hasManifest && written == 0 && persisted.size() == _persisted.size() && sequence == _persistedSequence)
        return; // the manifest on disk already says all of this
    if (written > 0)
        DurableFile::syncDirectory(_stateDirectory); // the graph renames are durable before the manifest names them
    DurableFile::writeAtomically((std::filesystem::path(_stateDirectory) / kManifestFile).string(), manifest.toJson());

    _persisted = std::move(persisted);
    _generation = generation;
    _persistedSequence = sequence;
    _hasManifest = true;
    std::vector<std::string> referenced;
    for (const auto& org : manifest.orgs)
        referenced.push_back(org.file);
    removeUnreferencedFiles(referenced);
    logging::info(logger(), "vector index saved",
                  {{"directory", _stateDirectory},
                   {"orgs", manifest.orgs.size()},
                   {"graphs_written", written},
                   {"vectors", size()},
                   {"applied_sequence", sequence}});
}

void VectorIndex::removeUnreferencedFiles(const std::vector<std::string>& referenced) const
{
    // Only our own leftovers: superseded graph files and temp files of interrupted saves.
    const std::set<std::string> keep(referenced.begin(), referenced.end());
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(_stateDirectory, error))
    {
        const std::string name = entry.path().filename().string();
        const bool ours = name.ends_with(".hnsw") || name.ends_with(".tmp");
        if (!ours || keep.count(name) || !entry.is_regular_file(error))
            continue;
        std::error_code removeError;
        if (!std::filesystem::remove(entry.path(), removeError) && removeError)
            logging::warn(logger(), "vector index: cannot remove a superseded file",
                          {{"path", entry.path().string()}, {"error", removeError.message()}});
    }
}

void VectorIndex::reset()
{
    std::unique_lock lock(_orgsMutex);
    _orgs.clear();
    _liveVectors.store(0);
    _appliedSequence.store(0);
    _persisted.clear();
    _generation = 0;
    _persistedSequence = 0;
    _hasManifest = false;
}

bool VectorIndex::load()
{
    std::lock_guard persist(_persistMutex);
    reset();
    const std::string manifestPath = (std::filesystem::path(_stateDirectory) / kManifestFile).string();
    std::error_code error;
    if (!std::filesystem::exists(manifestPath, error))
    {
        logging::info(logger(), "vector index: no saved state", {{"directory", _stateDirectory}});
        return false;
    }
    try
    {
        const IndexManifest manifest = IndexManifest::fromJson(DurableFile::read(manifestPath));
        if (manifest.model != _model || manifest.dimensions != _dimensions)
            throw Exception(ErrorCode::internal, "the manifest is for model \"" + manifest.model + "\" with " +
                                                     std::to_string(manifest.dimensions) + " dimensions, not \"" +
                                                     _model + "\" with " + std::to_string(_dimensions));
        std::map<std::string, std::shared_ptr<OrgGraph>> orgs;
        std::map<std::string, PersistedOrg> persisted;
        std::size_t live = 0;
        for (const auto& org : manifest.orgs)
        {
            const std::string path = (std::filesystem::path(_stateDirectory) / org.file).string();
            const std::uint64_t bytes = DurableFile::size(path);
            if (bytes != org.bytes)
                throw Exception(ErrorCode::internal, path + " has " + std::to_string(bytes) +
                                                         " bytes, the manifest says " + std::to_string(org.bytes));
            if (DurableFile::sha256Hex(path) != org.sha256)
                throw Exception(ErrorCode::internal, path + " does not match its SHA-256 in the manifest");
            std::shared_ptr<OrgGraph> graph = OrgGraph::load(_dimensions, path, org.decisionIdByLabel);
            live += graph->liveCount();
            persisted.emplace(org.orgId, PersistedOrg{org.file, org.bytes, org.sha256, graph->version()});
            orgs.emplace(org.orgId, std::move(graph));
        }
        {
            std::unique_lock lock(_orgsMutex);
            _orgs = std::move(orgs);
            _liveVectors.store(live);
            _appliedSequence.store(manifest.appliedSequence);
        }
        _persisted = std::move(persisted);
        _generation = manifest.generation;
        _persistedSequence = manifest.appliedSequence;
        _hasManifest = true;
        logging::info(logger(), "vector index loaded",
                      {{"directory", _stateDirectory},
                       {"orgs", manifest.orgs.size()},
                       {"vectors", live},
                       {"applied_sequence", manifest.appliedSequence}});
        return true;
    }
    catch (const std::exception& e) // hnswlib throws std::runtime_error, allocation std::bad_alloc
    {
        reset();
        logging::warn(logger(), "vector index: saved state unusable, rebuilding from PostgreSQL",
                      {{"directory", _stateDirectory}, {"reason", describe(e)}});
        return false;
    }
}
} // namespace akashi::search
