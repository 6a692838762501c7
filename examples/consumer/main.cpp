// Uses the installed qualis package: one cluster, one period, the eleven-step preset.
#include <iostream>
#include <qualis/model/cluster.hpp>
#include <qualis/model/period.hpp>
#include <qualis/model/steps.hpp>
#include <qualis/version.hpp>

int main() {
  const qualis::ClusterSet clusters({qualis::Cluster{"dz-sports",
                                                     {"定州市体育用品", "Dingzhou sports goods"},
                                                     "130682",
                                                     "sports goods",
                                                     "2019",
                                                     qualis::Period::annual(2019),
                                                     {}}});
  const qualis::StepFramework steps = qualis::eleven_step_method();
  std::cout << "qualis " << qualis::version() << " (" << QUALIS_VERSION_STRING << "): " << clusters.size()
            << " cluster, " << steps.size() << " steps, first period " << qualis::Period::parse("2021H1") << "\n";
  return clusters.size() == 1 && steps.size() == 11 ? 0 : 1;
}
