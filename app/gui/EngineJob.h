#pragma once
// The skeleton the GUI's long engine jobs share (campaigns, analyses, the report): one
// job at a time on a worker thread of its own, a stop flag the job polls between batches,
// and results handed to the GUI thread as queued calls, in order. Subclasses add the job
// itself and its signals.
#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <functional>
#include <utility>

namespace faultlens::app {

class EngineJob : public QObject {
 public:
  /// Asks the job to stop at its next check; finished work is kept by the job.
  void cancel() { stop_ = true; }
  /// True from start until the job's final post has run on the GUI thread.
  bool isRunning() const { return running_; }
  /// Blocks until the worker thread is idle (tests; shutdown).
  void waitForIdle() { pool_.waitForDone(); }

 protected:
  explicit EngineJob(QObject* parent) : QObject(parent) {
    pool_.setMaxThreadCount(1);
    pool_.setExpiryTimeout(-1);  // a fresh engine thread is slow on its first job (see Workbench)
  }
  ~EngineJob() override { stopAndWait(); }

  /// Starts `job` on the worker thread with a cleared stop flag; false, starting nothing,
  /// while another job runs. The job must end with postFinal().
  bool launch(std::function<void()> job) {
    if (running_.exchange(true)) return false;
    stop_ = false;
    pool_.start(std::move(job));
    return true;
  }
  /// Runs a short task (not a job: no running flag) on the same worker thread.
  void runOnWorker(std::function<void()> task) { pool_.start(std::move(task)); }
  /// Runs `f` on the GUI thread after everything posted before it.
  template <class F>
  void post(F&& f) {
    QMetaObject::invokeMethod(this, std::forward<F>(f), Qt::QueuedConnection);
  }
  /// The job's last word: the running flag clears just before `f` runs, so a slot that
  /// reacts to "finished" may start the next job.
  template <class F>
  void postFinal(F&& f) {
    post([this, f = std::forward<F>(f)]() mutable {
      running_ = false;
      f();
    });
  }
  /// Subclasses call this first in their destructor: the worker may still be running
  /// their code.
  void stopAndWait() {
    stop_ = true;
    pool_.waitForDone();
  }
  const std::atomic<bool>& stopFlag() const { return stop_; }
  bool stopRequested() const { return stop_; }

 private:
  QThreadPool pool_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> running_{false};
};

}  // namespace faultlens::app
