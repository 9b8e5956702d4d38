#include "audit_command.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>

#include "audit_record.hpp"
#include "audit_report.hpp"
#include "file_batch.hpp"
#include "index_command.hpp"
#include "inputs.hpp"
#include "output_file.hpp"
#include "rules_loading.hpp"
#include "terminal.hpp"
#include "vigie/analysis/analyzed_document.hpp"
#include "vigie/base/file.hpp"
#include "vigie/base/hash.hpp"
#include "vigie/index/index.hpp"
#include "vigie/ingest/archive.hpp"
#include "vigie/ingest/error.hpp"
#include "vigie/ingest/tree.hpp"
#include "vigie/pipeline/pipeline.hpp"
#include "vigie_version.hpp"
#include "worker_pool.hpp"

namespace vigie::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

constexpr int k_exit_interrupted = 130;

extern "C" void on_audit_signal(int /*signal*/) { WorkerPool::request_interrupt(); }

std::string dump_line(const ordered_json& j) {
  return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

// ---------------------------------------------------------------------------------------
// The journal: one JSON line per finished document, appended as documents finish. It is
// what `--resume` reads back and what every report is built from, one record at a time.

struct JournalEntry {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

class Journal {
 public:
  // Opens `path`: a new journal (truncating) or, with `resume`, the one left by an earlier
  // run of the same audit. Returns the French error, empty on success.
  std::string open(const std::string& path, bool resume, const ordered_json& header) {
    m_path = path;
    // One audit per journal: a second one would interleave its lines with the first's.
    m_lock_path = path + ".lock";
    m_lock = ::open(m_lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_lock < 0) {
      return path + " : impossible de créer le verrou du journal (" + base::cause_fr(errno) + ")";
    }
    if (::flock(m_lock, LOCK_EX | LOCK_NB) != 0) {
      std::ifstream in(m_lock_path);
      std::string pid;
      in >> pid;
      ::close(m_lock);
      m_lock = -1;
      return path + " : journal utilisé par un autre audit en cours" +
             (pid.empty() ? std::string() : " (processus " + pid + ")") +
             " ; attendre qu'il finisse ou choisir un autre --journal";
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_lock, 0) != 0 || ::write(m_lock, pid.data(), pid.size()) < 0) {
      // The pid is only a courtesy for the message above.
    }
    if (resume) {
      if (auto error = load(header); !error.empty()) {
        return error;
      }
    }
    if (!resume || !m_resumed) {
      std::ofstream fresh(path, std::ios::binary | std::ios::trunc);
      fresh << dump_line(header) << '\n';
      fresh.close();
      if (!fresh) {
        return path + " : impossible de créer le journal de l'audit (" + base::cause_fr(errno) +
               ")";
      }
      m_entries.clear();
    }
    m_out = std::fopen(path.c_str(), "ab");
    if (m_out == nullptr) {
      return path + " : impossible d'écrire dans le journal de l'audit (" + base::cause_fr(errno) +
             ")";
    }
    return {};
  }

  Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;
  ~Journal() {
    if (m_out != nullptr) {
      std::fclose(m_out);
    }
    if (m_lock >= 0) {
      std::remove(m_lock_path.c_str());
      ::close(m_lock);
    }
  }

  [[nodiscard]] bool resumed() const { return m_resumed; }
  [[nodiscard]] std::size_t resumed_count() const { return m_entries.size(); }

  // The entry of a path already audited with this size and mtime, if any.
  [[nodiscard]] std::optional<std::uint64_t> done(const std::string& path, std::uint64_t size,
                                                  std::int64_t mtime) const {
    const auto it = m_entries.find(path);
    if (it == m_entries.end() || it->second.size != size || it->second.mtime != mtime) {
      return std::nullopt;
    }
    return it->second.offset;
  }

  // Appends one record, flushed at once (a killed run keeps every finished document).
  // Returns its offset, or nothing when the write failed (full disk…): the reports are built
  // from the journal, so the audit cannot go on; error() says why.
  std::optional<std::uint64_t> append(const ordered_json& record) {
    const std::string line = dump_line(record) + "\n";
    const auto offset = static_cast<std::uint64_t>(std::ftell(m_out));
    if (std::fwrite(line.data(), 1, line.size(), m_out) != line.size() || std::fflush(m_out) != 0) {
      m_error = m_path + " : impossible d'écrire dans le journal de l'audit (" +
                base::cause_fr(errno) + ")";
      return std::nullopt;
    }
    m_entries[record.value("path", "")] = {offset, record.value("size", std::uint64_t{0}),
                                           record.value("mtime", std::int64_t{0})};
    return offset;
  }

  // The French error of the first failed append, empty while none failed.
  [[nodiscard]] const std::string& error() const { return m_error; }

  [[nodiscard]] ordered_json read(std::uint64_t offset) {
    if (!m_in.is_open()) {
      m_in.open(m_path, std::ios::binary);
    }
    m_in.clear();
    m_in.seekg(static_cast<std::streamoff>(offset));
    std::string line;
    std::getline(m_in, line);
    return ordered_json::parse(line, nullptr, false);
  }

 private:
  std::string load(const ordered_json& header) {
    std::ifstream in(m_path, std::ios::binary);
    if (!in) {
      print_note(m_path + " : pas de journal à reprendre ; audit complet");
      return {};
    }
    std::string line;
    std::uint64_t offset = 0;
    std::uint64_t good_end = 0;
    bool first = true;
    while (std::getline(in, line)) {
      const bool complete = !in.eof();
      const std::uint64_t start = offset;
      offset += line.size() + 1;
      const auto j = ordered_json::parse(line, nullptr, false);
      if (!complete || j.is_discarded() || !j.is_object()) {
        break;  // a line cut by the kill that interrupted the run
      }
      if (first) {
        first = false;
        if (j.value("rulesets", ordered_json()) != header["rulesets"] ||
            j.value("shard", ordered_json()) != header["shard"]) {
          return m_path +
                 " : ce journal vient d'un audit avec d'autres règles ou une autre part "
                 "(--shard) ; relancer sans --resume";
        }
      } else {
        m_entries[j.value("path", "")] = {start, j.value("size", std::uint64_t{0}),
                                          j.value("mtime", std::int64_t{0})};
      }
      good_end = offset;
    }
    if (first) {
      print_note(m_path + " : journal vide ; audit complet");
      return {};
    }
    in.close();
    std::error_code ec;
    if (fs::file_size(m_path, ec) != good_end) {
      fs::resize_file(m_path, good_end, ec);  // drop the half-written last line
    }
    m_resumed = true;
    return {};
  }

  std::string m_path;
  std::string m_lock_path;
  int m_lock = -1;
  std::FILE* m_out = nullptr;
  std::ifstream m_in;
  std::map<std::string, JournalEntry> m_entries;
  bool m_resumed = false;
  std::string m_error;
};

// ---------------------------------------------------------------------------------------
// Progress on a terminal: share of the input bytes done, documents, rate, time left.

class AuditProgress {
 public:
  explicit AuditProgress(std::uint64_t total_bytes)
      : m_total(total_bytes), m_on(::isatty(STDERR_FILENO) == 1) {}

  void update(std::uint64_t bytes_done, std::size_t documents, bool last = false) {
    if (!m_on) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - m_last < std::chrono::milliseconds(200)) {
      return;
    }
    m_last = now;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double fraction =
        m_total > 0 ? std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(m_total))
                    : 1.0;
    const double rate = elapsed > 0 ? static_cast<double>(documents) / elapsed : 0;
    const double eta = fraction > 0.01 ? elapsed * (1 - fraction) / fraction : 0;
    constexpr int k_width = 24;
    std::string bar(static_cast<std::size_t>(fraction * k_width), '#');
    bar.resize(k_width, '.');
    const auto s = static_cast<long>(eta + 0.5);
    std::fprintf(stderr, "\r[%s] %3d %% · %zu documents · %.1f doc/s · reste %ld:%02ld ",
                 bar.c_str(), static_cast<int>(fraction * 100), documents, rate, s / 60, s % 60);
    if (last) {
      std::fprintf(stderr, "\n");
    }
    std::fflush(stderr);
  }

  // A line printed while the bar is shown starts on a fresh line.
  void interrupt_line() const {
    if (m_on) {
      std::fprintf(stderr, "\r\033[K");
    }
  }

 private:
  std::uint64_t m_total;
  bool m_on;
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_last{};
};

// ---------------------------------------------------------------------------------------
// Inputs

struct Input {
  std::string path;  // as displayed (and recorded)
  std::string root;  // the argument it was found under
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
};

// The tender's key for sharding: its path relative to the argument it was found under
// (with the argument's own name), so machines that mount the archive elsewhere agree.
std::string shard_key(const std::string& tender, const std::string& root) {
  const fs::path r = fs::path(root).lexically_normal();
  const fs::path base = r.has_filename() ? r.parent_path() : r.parent_path().parent_path();
  const std::string rel = fs::path(tender).lexically_normal().lexically_relative(base).string();
  return rel.empty() || rel == "." ? tender : rel;
}

struct Shard {
  unsigned k = 0;  // 0-based
  unsigned n = 1;
  [[nodiscard]] bool mine(const std::string& key) const { return base::fnv1a(key) % n == k; }
};

std::optional<Shard> parse_shard(const std::string& text) {
  if (text.empty()) {
    return Shard{};
  }
  unsigned k = 0;
  unsigned n = 0;
  char slash = 0;
  char extra = 0;
  if (std::sscanf(text.c_str(), "%u%c%u%c", &k, &slash, &n, &extra) != 3 || slash != '/' ||
      n == 0 || k == 0 || k > n) {
    return std::nullopt;
  }
  return Shard{k - 1, n};
}

// ---------------------------------------------------------------------------------------

// Every file under the paths given (ingest::list_tree: folders in name order, links not
// followed unless --follow). Each entry not read is a problem, told on stderr too.
std::vector<Input> collect_inputs(const std::vector<std::string>& paths, bool follow_links,
                                  std::vector<AuditProblem>& problems) {
  ingest::TreeOptions options;
  options.follow_links = follow_links;
  ingest::TreeListing listing = ingest::list_tree(paths, options);
  for (auto& skip : listing.skips) {
    print_warning(skip.path + " : " + skip.message);
    problems.push_back({std::move(skip.path), std::move(skip.code), std::move(skip.message), true});
  }
  std::vector<Input> inputs;
  inputs.reserve(listing.files.size());
  for (auto& f : listing.files) {
    inputs.push_back({std::move(f.path), std::move(f.root), f.size, f.mtime});
  }
  return inputs;
}

// Hazards in path order (reports must not depend on the order workers finished in).
void sort_problems(std::vector<AuditProblem>& problems) {
  std::sort(problems.begin(), problems.end(), [](const AuditProblem& a, const AuditProblem& b) {
    return std::tie(a.path, a.code) < std::tie(b.path, b.code);
  });
}

AuditRun run_info(const AuditConfig& config, const rules::Engine& engine) {
  AuditRun run;
  run.vigie_version = k_version;
  run.inputs = config.paths;
  run.shard = config.shard;
  run.csv_excel = config.csv_excel;
  run.rulesets = engine.rules().names;
  for (const auto& rule : engine.rules().rules) {
    run.rules[rule.id] = {{"title", rule.title},
                          {"ruleset", rule.ruleset},
                          {"type", std::string(rules::to_string(rule.type))},
                          {"severity", std::string(rules::to_string(rule.severity))}};
  }
  return run;
}

std::string default_journal(const AuditConfig& config) {
  if (!config.journal.empty()) {
    return config.journal;
  }
  if (!config.reports.empty()) {
    return config.reports.front() + ".journal";
  }
  return "vigie-audit.journal";
}

// Writes every report and the summary, from the journal entries of `seen` in path order.
int finish_reports(const AuditRun& run, const std::vector<std::string>& reports,
                   const std::map<std::string, std::uint64_t>& seen, Journal& journal,
                   const std::vector<AuditProblem>& problems) {
  std::vector<std::uint64_t> offsets;
  offsets.reserve(seen.size());
  for (const auto& [path, offset] : seen) {
    offsets.push_back(offset);
  }
  RecordSource source{offsets.size(), [&](std::size_t i) { return journal.read(offsets[i]); }};
  const AuditReports writer(run, source, problems);
  int status = k_exit_ok;
  for (const auto& report : reports) {
    if (auto error = writer.write(report); !error.empty()) {
      print_error(error);
      status = k_exit_error;
    }
  }
  write_out(writer.text_summary());
  for (const auto& report : reports) {
    write_out("Rapport : " + report + "\n");
  }
  flush_out();
  return status;
}

int run_audit(const AuditConfig& config) {
  const auto shard = parse_shard(config.shard);
  if (!shard) {
    print_error("--shard " + config.shard + " : attendu K/N avec 1 ≤ K ≤ N (par exemple 2/4)");
    return k_exit_error;
  }
  for (const auto& report : config.reports) {
    std::string ext = fs::path(report).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext != ".html" && ext != ".htm" && ext != ".csv" && ext != ".json") {
      print_error(report +
                  " : format de rapport inconnu (extensions reconnues : .html, .csv, "
                  ".json)");
      return k_exit_error;
    }
  }
  auto engine = load_engine(config.rules);
  if (!engine) {
    return k_exit_error;
  }
  const AuditRun run = run_info(config, *engine);
  const ordered_json header = {
      {"vigie-audit-journal", 1},
      {"vigie", k_version},
      {"rulesets", run.rulesets},
      {"shard", config.shard.empty() ? ordered_json(nullptr) : ordered_json(config.shard)}};
  Journal journal;
  if (auto error = journal.open(default_journal(config), config.resume, header); !error.empty()) {
    print_error(error);
    return k_exit_error;
  }
  if (journal.resumed()) {
    print_note("reprise : " + std::to_string(journal.resumed_count()) +
               " document(s) déjà audité(s) ne seront pas relus");
  }

  std::vector<AuditProblem> problems;
  std::vector<Input> inputs = collect_inputs(config.paths, config.follow_links, problems);
  std::uint64_t total_bytes = 0;
  for (const auto& in : inputs) {
    total_bytes += in.size;
  }

  std::signal(SIGINT, on_audit_signal);
  std::signal(SIGTERM, on_audit_signal);

  std::map<std::string, std::uint64_t> seen;  // path → journal offset (this run's documents)
  struct Pending {
    std::string path;
    std::uint64_t size = 0;
    std::int64_t mtime = 0;
  };
  std::map<std::size_t, Pending> pending;
  std::size_t next_id = 0;
  std::size_t finished = 0;
  std::uint64_t bytes_done = 0;
  AuditProgress progress(total_bytes);

  // --index: one writer, here; the workers prepare the index documents.
  std::optional<index::Writer> writer;
  std::string db;
  int since_commit = 0;
  int indexed = 0;
  std::optional<index::Error> index_error;  // the first failed index write: no more are tried
  if (config.index) {
    db = db_location(config.db);
    auto opened = index::Writer::open(db);
    if (!opened.ok()) {
      print_error(opened.error().message);
      return k_exit_error;
    }
    writer.emplace(std::move(opened.value()));
  }
  const bool with_index = config.index;

  const rules::Engine& eng = *engine;
  WorkerPool pool(
      effective_jobs(config.jobs),
      WorkerLimits{std::chrono::milliseconds(static_cast<long>(config.timeout * 1000)),
                   config.max_memory_mib * 1024 * 1024},
      [&eng, with_index](const Job& job) -> std::string {
        // A file is read from disk (its path is the one listed); a member from its bytes.
        auto result = job.file.empty() ? pipeline::check_bytes(job.bytes, job.path, job.mtime, eng)
                                       : pipeline::check_file(job.file, eng);
        if (!result.ok()) {
          if (result.error().code == pipeline::ErrorCode::out_of_memory) {
            throw std::bad_alloc();  // the pool reports it with the --max-memory limit
          }
          const auto& e = result.error().file;
          // Size and mtime are set by the parent, which saw the file.
          return dump_line(
              audit_error_record(job.path, 0, 0, std::string(ingest::to_string(e.code)), e.detail));
        }
        CheckedDocument& checked = result.value();
        checked.analysis.document.source.mtime = job.mtime;
        std::string answer = dump_line(audit_record(checked, eng));
        if (with_index) {
          // The record, a NUL byte (never in JSON text), then the prepared index documents.
          checked.analysis.document.source.path = absolute(job.path);
          // A document that cannot be prepared is audited but not indexed.
          if (auto prepared = pipeline::prepare_index_entry(checked, eng, job.mtime);
              prepared.ok()) {
            answer += '\0';
            answer += prepared.value();
          }
        }
        return answer;
      },
      [&](std::size_t id, JobOutcome&& outcome) {
        const Pending p = pending[id];
        pending.erase(id);
        ordered_json record;
        std::string_view prepared;
        if (outcome.ok) {
          const std::string_view answer(outcome.answer);
          const auto nul = answer.find('\0');
          record = ordered_json::parse(answer.substr(0, nul), nullptr, false);
          if (nul != std::string_view::npos) {
            prepared = answer.substr(nul + 1);
          }
        }
        if (!outcome.ok || record.is_discarded()) {
          record = audit_error_record(
              p.path, p.size, p.mtime, outcome.ok ? "crash" : outcome.code,
              outcome.ok ? "réponse illisible du processus de lecture" : outcome.message);
        }
        // The key --resume compares: the size and mtime the parent saw.
        record["size"] = p.size;
        record["mtime"] = p.mtime;
        if (record.value("status", "") != "ok") {
          progress.interrupt_line();
          print_error(p.path + " : " + record["error"].value("message", ""));
        }
        if (writer && !index_error && !prepared.empty()) {
          const auto added = writer->add_prepared(prepared);
          index::Status committed = index::Done{};
          if (added.ok() && added.value()) {
            ++indexed;
            if (++since_commit >= 200) {
              since_commit = 0;
              committed = writer->commit();
            }
          }
          if (!added.ok() || !committed.ok()) {
            index_error = added.ok() ? committed.error() : added.error();
            progress.interrupt_line();
            print_error(index_error->message);
          }
        }
        if (!journal.error().empty()) {
          return;  // the audit is stopping: what was still running is not recorded
        }
        // Indexed before journaled: a resumed run never misses an index entry.
        const auto offset = journal.append(record);
        if (!offset) {
          progress.interrupt_line();
          return;  // said once, below; no more documents are submitted
        }
        seen[p.path] = *offset;
        ++finished;
        progress.update(bytes_done, finished);
      });

  auto submit = [&](Job&& job, std::uint64_t size) {
    if (!journal.error().empty() || seen.count(job.path) > 0) {
      return;  // the same path given twice
    }
    if (auto offset = journal.done(job.path, size, job.mtime);
        offset && (!writer || [&] {
          const auto found = writer->find(absolute(job.path));
          return found.ok() && found.value().has_value();
        }())) {
      seen[job.path] = *offset;
      ++finished;
      return;
    }
    const std::size_t id = next_id++;
    pending[id] = {job.path, size, job.mtime};
    pool.submit(id, job);
  };

  ingest::ArchiveLimits limits;
  limits.max_depth = config.max_depth;
  for (const auto& in : inputs) {
    if (WorkerPool::interrupted() || !journal.error().empty()) {
      break;
    }
    const bool archive = ingest::is_archive_file(in.path);
    const std::string tender = archive ? tender_of_archive(in.path) : tender_of(in.path);
    if (!shard->mine(shard_key(tender, in.root))) {
      bytes_done += in.size;
      continue;
    }
    if (archive) {
      ingest::ArchiveCallbacks callbacks;
      callbacks.member = [&](ingest::ArchiveMember&& m) {
        Job job;
        job.path = std::move(m.path);
        job.mtime = m.mtime;
        const std::uint64_t size = m.bytes.size();
        job.bytes = std::move(m.bytes);
        submit(std::move(job), size);
        return !WorkerPool::interrupted() && journal.error().empty();
      };
      callbacks.problem = [&](ingest::ArchiveProblem&& p) {
        progress.interrupt_line();
        (p.skipped ? print_warning : print_note)(p.path + " : " + p.message);
        problems.push_back({std::move(p.path), std::move(p.code), std::move(p.message), p.skipped});
      };
      ingest::walk_archive(in.path, in.path, limits, callbacks);
    } else {
      Job job;
      job.path = in.path;
      job.file = in.path;
      job.mtime = in.mtime;
      submit(std::move(job), in.size);
    }
    bytes_done += in.size;
    progress.update(bytes_done, finished);
  }
  if (journal.error().empty()) {
    pool.drain();
  }
  if (!journal.error().empty()) {
    // A full disk (or any failed write) under the journal stops the audit at once: going on
    // would check every document for nothing, the reports being built from the journal.
    pool.stop();
    if (writer && !index_error) {
      (void)writer->commit();  // what was indexed is journaled or will be redone by --resume
    }
    progress.interrupt_line();
    print_error(journal.error() + " ; audit arrêté après " + std::to_string(seen.size()) +
                " document(s) enregistré(s) : libérer de la place puis relancer la même "
                "commande avec --resume pour terminer");
    return k_exit_error;
  }
  if (writer && !index_error) {
    if (auto committed = writer->commit(); !committed.ok()) {
      index_error = committed.error();
      print_error(index_error->message);
    }
  }
  if (WorkerPool::interrupted()) {
    pool.stop();
    progress.interrupt_line();
    print_error("audit interrompu : " + std::to_string(seen.size()) +
                " document(s) enregistré(s) dans le journal ; relancer la même commande avec "
                "--resume pour terminer");
    return k_exit_interrupted;
  }
  pool.stop();
  progress.update(total_bytes, finished, true);
  sort_problems(problems);
  const int status = finish_reports(run, config.reports, seen, journal, problems);
  if (writer) {
    write_out("Index " + db + " : " + std::to_string(indexed) +
              " document(s) ajouté(s) ou mis à jour.\n");
  }
  return index_error ? k_exit_error : status;
}

// `vigie audit merge`: the JSON reports of several parts (--shard) as one audit.
int run_merge(const std::vector<std::string>& parts, const std::vector<std::string>& reports,
              const std::string& journal_path, bool csv_excel) {
  AuditRun run;
  run.vigie_version = k_version;
  run.csv_excel = csv_excel;
  std::vector<AuditProblem> problems;
  Journal journal;
  if (auto error = journal.open(journal_path, false, {{"vigie-audit-journal", 1}});
      !error.empty()) {
    print_error(error);
    return k_exit_error;
  }
  std::map<std::string, std::uint64_t> seen;
  std::set<std::string> shards;
  for (const auto& part : parts) {
    std::ifstream in(part, std::ios::binary);
    const auto j = ordered_json::parse(in, nullptr, false);
    if (!in.is_open() || j.is_discarded() || j.value("format", "") != "vigie-audit/1") {
      print_error(part + " : pas un rapport JSON de vigie audit (format vigie-audit/1)");
      return k_exit_error;
    }
    if (run.rulesets.empty()) {
      run.rulesets = j.value("rulesets", std::vector<std::string>{});
    } else if (run.rulesets != j.value("rulesets", std::vector<std::string>{})) {
      print_error(part + " : produit avec d'autres règles que les parts précédentes");
      return k_exit_error;
    }
    const ordered_json rules = j.value("rules", ordered_json::object());
    for (const auto& [id, rule] : rules.items()) {
      run.rules[id] = rule;
    }
    for (const auto& input : j.value("inputs", std::vector<std::string>{})) {
      if (std::find(run.inputs.begin(), run.inputs.end(), input) == run.inputs.end()) {
        run.inputs.push_back(input);
      }
    }
    const std::string shard = j.value("shard", ordered_json()).is_string()
                                  ? j["shard"].get<std::string>()
                                  : std::string();
    if (!shard.empty() && !shards.insert(shard).second) {
      print_warning(part + " : la part " + shard + " figure deux fois");
    }
    for (auto doc : j.value("documents", ordered_json::array())) {
      doc.erase("tender");
      const std::string path = doc.value("path", "");
      if (seen.count(path) > 0) {
        print_warning(path + " : présent dans plusieurs parts ; la dernière est gardée");
      }
      const auto offset = journal.append(doc);
      if (!offset) {
        print_error(journal.error() + " ; fusion arrêtée");
        std::remove(journal_path.c_str());
        return k_exit_error;
      }
      seen[path] = *offset;
    }
    for (const auto& p : j.value("problems", ordered_json::array())) {
      problems.push_back({p.value("path", ""), p.value("code", ""), p.value("message", ""),
                          p.value("skipped", true)});
    }
  }
  if (!shards.empty()) {
    run.shard.clear();
    print_note(std::to_string(shards.size()) + " part(s) réunie(s)");
  }
  sort_problems(problems);
  problems.erase(std::unique(problems.begin(), problems.end(),
                             [](const AuditProblem& a, const AuditProblem& b) {
                               return a.path == b.path && a.code == b.code;
                             }),
                 problems.end());
  const int status = finish_reports(run, reports, seen, journal, problems);
  std::remove(journal_path.c_str());
  return status;
}

}  // namespace

void register_audit(CLI::App& app, int& status) {
  auto config = std::make_shared<AuditConfig>();
  CLI::App* cmd = app.add_subcommand(
      "audit",
      "Auditer une archive de documents de consultation (dossiers et fichiers ZIP, même "
      "imbriqués) : vérifier chaque document, les regrouper par consultation, écrire des "
      "rapports HTML, CSV ou JSON");
  cmd->add_option("paths", config->paths, "Dossiers, archives ZIP ou fichiers à auditer");
  cmd->add_option("-r,--report", config->reports,
                  "Rapport à écrire : FICHIER.html (à lire), FICHIER.csv ou FICHIER.json (pour "
                  "les machines) ; répétable");
  cmd->add_option("-j,--jobs", config->jobs, "Processus de lecture (par défaut : nombre de cœurs)");
  cmd->add_flag("--resume", config->resume,
                "Reprendre un audit interrompu là où il s'est arrêté (même commande, mêmes "
                "rapports)");
  cmd->add_option("--journal", config->journal,
                  "Journal des documents traités (par défaut : PREMIER_RAPPORT.journal, sinon "
                  "./vigie-audit.journal)");
  cmd->add_option("--shard", config->shard,
                  "N'auditer que la part K sur N (K/N), les consultations réparties selon une "
                  "empreinte de leur chemin");
  cmd->add_option("--timeout", config->timeout,
                  "Secondes accordées à un fichier avant de l'abandonner (120 par défaut)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-memory", config->max_memory_mib,
                  "Mémoire (Mio) accordée à un fichier avant de l'abandonner (1024 par défaut ; "
                  "0 : sans limite)");
  cmd->add_option("--max-depth", config->max_depth,
                  "Les archives imbriquées plus profondément ne sont pas ouvertes (4 par défaut)")
      ->check(CLI::Range(1, 32));
  cmd->add_flag("--follow", config->follow_links,
                "Suivre les liens symboliques dans les dossiers (les boucles sont détectées ; "
                "par défaut les liens sont listés comme non lus)");
  cmd->add_flag("--index", config->index,
                "Ajouter aussi chaque document lu à l'index de recherche (voir vigie search)");
  cmd->add_option("--db", config->db,
                  "Index où ajouter avec --index (par défaut : $VIGIE_DB, sinon le dossier de "
                  "données de l'utilisateur)");
  cmd->add_option("--rules", config->rules,
                  "Règles à appliquer (comme pour vigie check ; par défaut : tous les jeux de "
                  "règles intégrés) ; répétable");
  cmd->add_flag("--csv-excel", config->csv_excel,
                "Rapports CSV pour Excel en français : séparateur « ; », BOM UTF-8, fins de "
                "ligne CRLF, virgule décimale");
  cmd->footer(
      "Code de sortie : 0 l'audit est allé à son terme (les fichiers illisibles sont listés dans\n"
      "les rapports), 2 arguments invalides, chemin introuvable ou rapport impossible à écrire,\n"
      "130 interrompu (reprendre avec --resume). Champs des rapports : docs/audit.md.");

  auto merge_parts = std::make_shared<std::vector<std::string>>();
  auto merge_reports = std::make_shared<std::vector<std::string>>();
  auto merge_excel = std::make_shared<bool>(false);
  CLI::App* merge = cmd->add_subcommand(
      "merge", "Réunir les rapports JSON de plusieurs parts (--shard K/N) en un seul audit");
  merge->add_option("parts", *merge_parts, "Rapports JSON écrits par vigie audit")->required();
  merge
      ->add_option("-r,--report", *merge_reports,
                   "Rapport à écrire (.html, .csv, .json) ; répétable")
      ->required();
  merge->add_flag("--csv-excel", *merge_excel,
                  "Rapports CSV pour Excel en français (comme pour vigie audit)");
  merge->callback([merge_parts, merge_reports, merge_excel, &status] {
    if (!inputs_exist(*merge_parts) || !report_folders_exist(*merge_reports)) {
      status = k_exit_error;
      return;
    }
    status = run_merge(*merge_parts, *merge_reports,
                       merge_reports->front() + ".merge-journal." + std::to_string(::getpid()),
                       *merge_excel);
  });
  cmd->callback([merge, config, &status] {
    if (merge->parsed()) {
      return;
    }
    if (config->paths.empty()) {
      throw CLI::RequiredError("paths");
    }
    // A mistyped path or report folder stops the audit before it starts.
    if (!inputs_exist(config->paths) || !report_folders_exist(config->reports)) {
      status = k_exit_error;
      return;
    }
    status = run_audit(*config);
  });
}

}  // namespace vigie::cli
