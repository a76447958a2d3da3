"""``redline.__all__`` is the public API: it names every public member of the package and nothing else."""
import inspect
import types

import redline


def test_all_has_no_duplicates():
    assert len(redline.__all__) == len(set(redline.__all__))


def test_every_public_member_is_exported():
    public = {name for name, value in vars(redline).items()
              if not name.startswith("_") and not isinstance(value, types.ModuleType)}
    assert public == set(redline.__all__)


def test_every_exported_name_is_ours():
    for name in redline.__all__:
        member = getattr(redline, name)
        assert member.__module__.startswith("redline"), name
        assert not isinstance(member, types.ModuleType), name


def test_compare_is_the_function_not_its_module():
    text = "The council approved the budget on Monday after a long debate about road repairs."
    result = redline.compare(source=redline.Article("wire", text),
                             derived=redline.Article("copy", text + " Residents were pleased."), semantic=False)
    assert inspect.isfunction(redline.compare)
    assert isinstance(result, redline.Comparison) and result.derived.id == "copy"
