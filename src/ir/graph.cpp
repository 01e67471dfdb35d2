#include "ir/graph.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace tforge::ir {

Tensor* Graph::addTensor(std::string name, DataType type, Dims dims) {
    auto t = std::make_unique<Tensor>();
    t->name = std::move(name);
    t->type = type;
    t->dims = dims;
    tensors_.push_back(std::move(t));
    return tensors_.back().get();
}

Node* Graph::addNode(std::string name, Attrs attrs, std::vector<Tensor*> inputs) {
    auto n = std::make_unique<Node>();
    n->name = std::move(name);
    n->attrs = std::move(attrs);
    n->inputs = std::move(inputs);
    nodes_.push_back(std::move(n));
    return nodes_.back().get();
}

void Graph::removeNode(Node* n) {
    for (Tensor* t : n->outputs)
        if (t->producer == n) t->producer = nullptr;
    nodes_.erase(std::remove_if(nodes_.begin(), nodes_.end(), [n](const auto& p) { return p.get() == n; }),
                 nodes_.end());
}

void Graph::removeTensor(Tensor* t) {
    inputs_.erase(std::remove(inputs_.begin(), inputs_.end(), t), inputs_.end());
    outputs_.erase(std::remove(outputs_.begin(), outputs_.end(), t), outputs_.end());
    tensors_.erase(std::remove_if(tensors_.begin(), tensors_.end(), [t](const auto& p) { return p.get() == t; }),
                   tensors_.end());
}

void Graph::replaceAllUses(Tensor* from, Tensor* to) {
    for (auto& n : nodes_)
        for (Tensor*& in : n->inputs)
            if (in == from) in = to;
    for (Tensor*& o : outputs_)
        if (o == from) {
            o = to;
            to->isOutput = true;
            to->name.swap(from->name);  // the user's output keeps its name
            from->isOutput = false;
        }
}

std::vector<Node*> Graph::consumers(const Tensor* t) const {
    std::vector<Node*> out;
    for (auto& n : nodes_)
        if (std::find(n->inputs.begin(), n->inputs.end(), t) != n->inputs.end()) out.push_back(n.get());
    return out;
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
        tmap[t.get()] = c;
    }
    for (auto& n : nodes_) {
        std::vector<Tensor*> ins;
        for (Tensor* in : n->inputs) ins.push_back(in ? tmap.at(in) : nullptr);
        Node* c = g->addNode(n->name, n->attrs, std::move(ins));
        c->apiHandle = n->apiHandle;
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
    std::unordered_set<std::string> used;
    for (auto& t : tensors_) used.insert(t->name);
    if (!used.count(base)) return base;
    for (int i = 1;; ++i) {
        std::string s = base + "_" + std::to_string(i);
        if (!used.count(s)) return s;
    }
}

}  // namespace tforge::ir
