#include <iostream>
#include <qualis/qualis.hpp>

int main() {
  const qualis::StepFramework steps = qualis::eleven_step_method();  // 十一步工作法
  qualis::StepAssessment a{"dz-sports", qualis::Period::parse("2021H1"), {}, "expert team"};
  for (const auto& s : steps.steps()) a.ratings.push_back({s.id, s.id == "benchmarking" ? 1 : 3, ""});
  const qualis::StepCompletion done = qualis::completion(steps, a);  // weighted mean of level / 4
  const qualis::StepGap weakest = qualis::weakest_steps(steps, a, 1).front();
  std::cout << a.cluster << " " << a.period << ": " << *done.ratio * 100 << "% complete, weakest step "
            << steps.step(weakest.step).names.zh << " at level " << weakest.level << "\n";
}
