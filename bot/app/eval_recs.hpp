// `fanbase eval-recs`: offline evaluation of the recommenders on a Fanbase database (issue 5's protocol). Reads one
// community's content items and positive interactions through a read-only connection, builds the member x tag
// matrix (each interaction counts once for each tag of its item, r = the summed interaction weights, as the live
// trainer sums them) or the member x item matrix, applies ml::time_split (ties in first-interaction time by tag
// name, or by item id), then trains and ranks with popularity (distinct training members; ties by tag name / item
// id), tag similarity (tag co-occurrence cosine for tags; TF-IDF cosine over tags for items; ties by popularity)
// and implicit ALS with the [recommender] hyper-parameters, and prints P@K, R@K, nDCG@K, MAP@K, catalogue coverage
// and training time for each. --validation carves ml::validation_split out of the training part, for tuning; the
// test set is then never read.
// Runs on the calling thread; ALS trains with [recommender].threads threads.
#pragma once

namespace fanbase {

// The command line: argv after "eval-recs" ("[--config F] [--db PATH] [--community CHAT] [--matrix tag|item]
// [--k N] [--validation]"). Returns the exit code (bot/app/exit_codes.hpp; 4: nothing to evaluate) after
// printing the table; configuration and storage failures are thrown, and main() reports them.
int eval_recs_command(int argc, char** argv);

}  // namespace fanbase
