// Optimization profiles: every dynamic input needs min/opt/max in every profile, consistent with
// the input's static extents. A static network gets one implicit profile.
#include "builder/build_request.h"
#include "ir/dims_util.h"

namespace tforge::builder {

bool resolveProfiles(const ir::Graph& g, const std::vector<ProfileSpec>& specs, std::vector<ir::ProgramProfile>& out,
                     const Diagnostics& diag) {
    out.clear();
    if (specs.empty()) {
        ir::ProgramProfile p;
        for (ir::Tensor* in : g.inputs()) {
            if (ir::hasDynamic(in->dims)) {
                diag.error(ErrorCode::kINVALID_CONFIG,
                           "Input \"" + in->name + "\" has dynamic dims " + ir::toString(in->dims) +
                               " but the builder config has no optimization profile: create one with "
                               "builder->createOptimizationProfile(), set kMIN/kOPT/kMAX dimensions for \"" +
                               in->name + "\" and add it with config->addOptimizationProfile()");
                return false;
            }
            p.inputDims.push_back({in->dims, in->dims, in->dims});
        }
        out.push_back(p);
        return true;
    }
    bool ok = true;
    for (size_t pi = 0; pi < specs.size(); ++pi) {
        const ProfileSpec& spec = specs[pi];
        std::string where = "Optimization profile " + std::to_string(pi);
        for (auto& [name, mom] : spec) {
            (void)mom;
            bool known = false;
            for (ir::Tensor* in : g.inputs()) known = known || in->name == name;
            if (!known) {
                diag.error(ErrorCode::kINVALID_CONFIG, where + " sets dimensions for \"" + name +
                                                           "\", which is not a network input");
                ok = false;
            }
        }
        ir::ProgramProfile p;
        for (ir::Tensor* in : g.inputs()) {
            auto it = spec.find(in->name);
            if (it == spec.end()) {
                if (ir::hasDynamic(in->dims)) {
                    diag.error(ErrorCode::kINVALID_CONFIG, where + " has no dimensions for dynamic input \"" +
                                                               in->name + "\" " + ir::toString(in->dims));
                    ok = false;
                }
                p.inputDims.push_back({in->dims, in->dims, in->dims});
                continue;
            }
            const auto& mom = it->second;
            for (int s = 0; s < 3; ++s) {
                if (mom[s].nbDims != in->dims.nbDims) {
                    diag.error(ErrorCode::kINVALID_CONFIG, where + ": input \"" + in->name + "\" has rank " +
                                                               std::to_string(in->dims.nbDims) + " but the profile gives " +
                                                               ir::toString(mom[s]));
                    ok = false;
                    break;
                }
                for (int i = 0; i < in->dims.nbDims; ++i)
                    if (in->dims.d[i] >= 0 && mom[s].d[i] != in->dims.d[i]) {
                        diag.error(ErrorCode::kINVALID_CONFIG,
                                   where + ": input \"" + in->name + "\" " + ir::toString(in->dims) +
                                       " has a static extent at dim " + std::to_string(i) + " that the profile changes (" +
                                       ir::toString(mom[s]) + ")");
                        ok = false;
                        break;
                    }
            }
            for (int i = 0; ok && i < in->dims.nbDims; ++i)
                if (!(mom[0].d[i] <= mom[1].d[i] && mom[1].d[i] <= mom[2].d[i])) {
                    diag.error(ErrorCode::kINVALID_CONFIG, where + ": input \"" + in->name + "\" needs min <= opt <= max, got " +
                                                               ir::toString(mom[0]) + " / " + ir::toString(mom[1]) +
                                                               " / " + ir::toString(mom[2]));
                    ok = false;
                }
            p.inputDims.push_back(mom);
        }
        out.push_back(p);
    }
    return ok;
}

}  // namespace tforge::builder
