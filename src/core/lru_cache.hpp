#pragma once
// A thread-safe map of shared immutable values that keeps the most recently used ones within a
// budget: each value has a cost (bytes, rows …), and adding one drops the least recently used
// until the total is within the budget again. Values are handed out as shared_ptr<const V>, so a
// dropped entry lives on for whoever still holds it.

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace wp::core {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class LruCache {
 public:
  explicit LruCache(size_t budget) : budget_(budget) {}

  // The value of `key`, now the most recently used; null when absent.
  std::shared_ptr<const Value> Find(const Key& key) {
    std::lock_guard lock(mu_);
    auto it = index_.find(key);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->value;
  }

  // Sets `key`'s value (replacing one there), of cost `cost`. A value costing more than the
  // whole budget is not kept.
  void Put(const Key& key, std::shared_ptr<const Value> value, size_t cost) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      total_ -= it->second->cost;
      order_.erase(it->second);
      index_.erase(it);
    }
    if (cost > budget_) return;
    order_.push_front({key, std::move(value), cost});
    index_.emplace(key, order_.begin());
    total_ += cost;
    while (total_ > budget_) {
      total_ -= order_.back().cost;
      index_.erase(order_.back().key);
      order_.pop_back();
    }
  }

  void Erase(const Key& key) {
    std::lock_guard lock(mu_);
    if (auto it = index_.find(key); it != index_.end()) {
      total_ -= it->second->cost;
      order_.erase(it->second);
      index_.erase(it);
    }
  }

  void Clear() {
    std::lock_guard lock(mu_);
    index_.clear();
    order_.clear();
    total_ = 0;
  }

  size_t size() const {
    std::lock_guard lock(mu_);
    return index_.size();
  }
  size_t cost() const {
    std::lock_guard lock(mu_);
    return total_;
  }

 private:
  struct Entry {
    Key key;
    std::shared_ptr<const Value> value;
    size_t cost = 0;
  };
  mutable std::mutex mu_;
  size_t budget_;
  size_t total_ = 0;
  std::list<Entry> order_;  // most recently used first
  std::unordered_map<Key, typename std::list<Entry>::iterator, Hash> index_;
};

}  // namespace wp::core
