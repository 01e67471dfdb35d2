#include "ir/graph.h"

#include <algorithm>
#include <unordered_map>

namespace tforge::ir {

Tensor* Graph::addTensor(std::string name, DataType type, Dims dims) {
    auto t = std::make_unique<Tensor>();
    t->name = std::move(name);
    t->type = type;
    t->dims = dims;
    ++names_[t->name];
    tensors_.push_back(std::move(t));
    return tensors_.back().get();
}

void Graph::addUse(Tensor* t, Node* n) {
    if (t) users_[t].push_back(n);
}

void Graph::dropUse(const Tensor* t, const Node* n) {
    if (!t) return;
    auto it = users_.find(t);
    if (it == users_.end()) return;
    auto& v = it->second;
    auto pos = std::find(v.begin(), v.end(), n);
    if (pos != v.end()) v.erase(pos);
    if (v.empty()) users_.erase(it);
}

Node* Graph::addNode(std::string name, Attrs attrs, std::vector<Tensor*> inputs) {
    auto n = std::make_unique<Node>();
    n->name = std::move(name);
    n->attrs = std::move(attrs);
    n->inputs = std::move(inputs);
    n->seq = nextSeq_++;
    for (Tensor* in : n->inputs) addUse(in, n.get());
    nodes_.push_back(std::move(n));
    return nodes_.back().get();
}

void Graph::removeNode(Node* n) {
    for (Tensor* t : n->outputs)
        if (t->producer == n) t->producer = nullptr;
    for (Tensor* in : n->inputs) dropUse(in, n);
    nodes_.erase(std::remove_if(nodes_.begin(), nodes_.end(), [n](const auto& p) { return p.get() == n; }),
                 nodes_.end());
}

void Graph::removeTensor(Tensor* t) {
    inputs_.erase(std::remove(inputs_.begin(), inputs_.end(), t), inputs_.end());
    outputs_.erase(std::remove(outputs_.begin(), outputs_.end(), t), outputs_.end());
    users_.erase(t);
    auto nit = names_.find(t->name);
    if (nit != names_.end() && --nit->second <= 0) names_.erase(nit);
    tensors_.erase(std::remove_if(tensors_.begin(), tensors_.end(), [t](const auto& p) { return p.get() == t; }),
                   tensors_.end());
}

void Graph::replaceAllUses(Tensor* from, Tensor* to) {
    if (from != to) {
        auto it = users_.find(from);
        if (it != users_.end()) {
            std::vector<Node*> uses = std::move(it->second);
            users_.erase(it);
            for (Node* n : uses) addUse(to, n);  // one entry per slot, as the slots below
            std::sort(uses.begin(), uses.end());
            uses.erase(std::unique(uses.begin(), uses.end()), uses.end());
            for (Node* n : uses)
                for (Tensor*& in : n->inputs)
                    if (in == from) in = to;
        }
    }
    for (Tensor*& o : outputs_)
        if (o == from) {
            o = to;
            to->isOutput = true;
            to->name.swap(from->name);  // the user's output keeps its name (the name counts stay the same)
            from->isOutput = false;
        }
}

void Graph::setNodeInput(Node* n, size_t index, Tensor* t) {
    Tensor*& slot = n->inputs.at(index);
    if (slot == t) return;
    dropUse(slot, n);
    slot = t;
    addUse(t, n);
}

void Graph::appendNodeInput(Node* n, Tensor* t) {
    n->inputs.push_back(t);
    addUse(t, n);
}

void Graph::truncateNodeInputs(Node* n, size_t count) {
    while (n->inputs.size() > count) {
        dropUse(n->inputs.back(), n);
        n->inputs.pop_back();
    }
}

void Graph::renameTensor(Tensor* t, std::string name) {
    if (t->name == name) return;
    auto it = names_.find(t->name);
    if (it != names_.end() && --it->second <= 0) names_.erase(it);
    t->name = std::move(name);
    ++names_[t->name];
}

bool Graph::hasTensorNamed(const std::string& name) const { return names_.count(name) != 0; }

std::vector<Node*> Graph::consumers(const Tensor* t) const {
    auto it = users_.find(t);
    if (it == users_.end()) return {};
    std::vector<Node*> out = it->second;
    std::sort(out.begin(), out.end(), [](const Node* a, const Node* b) { return a->seq < b->seq; });
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool Graph::indexesConsistent() const {
    std::unordered_map<const Tensor*, std::vector<Node*>> users;
    for (auto& n : nodes_)
        for (Tensor* in : n->inputs)
            if (in) users[in].push_back(n.get());
    if (users.size() != users_.size()) return false;
    for (auto& [t, v] : users) {
        auto it = users_.find(t);
        if (it == users_.end()) return false;
        std::vector<Node*> a = v, b = it->second;
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        if (a != b) return false;
    }
    std::unordered_map<std::string, int32_t> names;
    for (auto& t : tensors_) ++names[t->name];
    return names == names_;
}

bool Graph::topologicalOrder(std::vector<Node*>& order, const Node** cycleNode) const {
    // Kahn's algorithm over nodes in insertion order, so the result is deterministic and follows
    // the order the user added layers wherever dependencies allow.
    std::unordered_map<const Node*, int> pending;
    std::unordered_map<const Tensor*, std::vector<Node*>> users;
    for (auto& n : nodes_) {
        int deps = 0;
        for (Tensor* in : n->inputs)
            if (in && in->producer) {
                ++deps;
                users[in].push_back(n.get());
            }
        pending[n.get()] = deps;
    }
    order.clear();
    std::vector<Node*> ready;
    for (auto& n : nodes_)
        if (pending[n.get()] == 0) ready.push_back(n.get());
    size_t head = 0;
    while (head < ready.size()) {
        Node* n = ready[head++];
        order.push_back(n);
        for (Tensor* out : n->outputs) {
            auto it = users.find(out);
            if (it == users.end()) continue;
            for (Node* u : it->second)
                if (--pending[u] == 0) ready.push_back(u);
        }
    }
    if (order.size() == nodes_.size()) return true;
    if (cycleNode)
        for (auto& n : nodes_)
            if (pending[n.get()] > 0) {
                *cycleNode = n.get();
                break;
            }
    return false;
}

std::unique_ptr<Graph> Graph::clone() const {
    auto g = std::make_unique<Graph>();
    std::unordered_map<const Tensor*, Tensor*> tmap;
    std::unordered_map<const Node*, Node*> nmap;
    for (auto& t : tensors_) {
        Tensor* c = g->addTensor(t->name, t->type, t->dims);
        c->isInput = t->isInput;
        c->isOutput = t->isOutput;
        c->apiHandle = t->apiHandle;
        c->hasValues = t->hasValues;
        c->values = t->values;
        tmap[t.get()] = c;
    }
    for (auto& n : nodes_) {
        std::vector<Tensor*> ins;
        for (Tensor* in : n->inputs) ins.push_back(in ? tmap.at(in) : nullptr);
        Node* c = g->addNode(n->name, n->attrs, std::move(ins));
        c->apiHandle = n->apiHandle;
        c->precisionSet = n->precisionSet;
        c->precision = n->precision;
        c->outputTypeSet = n->outputTypeSet;
        c->outputTypes = n->outputTypes;
        for (Tensor* o : n->outputs) {
            c->outputs.push_back(tmap.at(o));
            tmap.at(o)->producer = c;
        }
        nmap[n.get()] = c;
    }
    for (Tensor* t : inputs_) g->inputs_.push_back(tmap.at(t));
    for (Tensor* t : outputs_) g->outputs_.push_back(tmap.at(t));
    return g;
}

std::string Graph::uniqueTensorName(const std::string& base) const {
    if (!hasTensorNamed(base)) return base;
    for (int i = 1;; ++i) {
        std::string s = base + "_" + std::to_string(i);
        if (!hasTensorNamed(s)) return s;
    }
}

}  // namespace tforge::ir
